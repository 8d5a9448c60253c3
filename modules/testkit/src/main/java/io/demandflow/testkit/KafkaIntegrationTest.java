package io.demandflow.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that talks to a real Kafka broker: the shared broker of the test JVM is
 * started on first use and a {@link KafkaTestEnvironment} can be declared as a constructor or
 * method parameter.
 *
 * <p>Why an annotation rather than a base class: test classes keep their own hierarchy, and the
 * intent ("this test needs a broker") is visible at the top of the class. Shorthand for
 * {@code @ExtendWith(SharedKafkaExtension.class)}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SharedKafkaExtension.class)
public @interface KafkaIntegrationTest {}
