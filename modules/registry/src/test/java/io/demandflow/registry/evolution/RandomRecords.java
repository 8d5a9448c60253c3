package io.demandflow.registry.evolution;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Builds schema-valid {@link GenericData.Record}s with random values in Avro's raw form (a decimal
 * as the minimal two's-complement bytes of a value of the schema's scale and precision, a date as
 * days, a timestamp as millis), so records compare with {@code equals} after a round trip through
 * generated classes.
 */
final class RandomRecords {

  private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

  private final Random random;

  RandomRecords(long seed) {
    this.random = new Random(seed);
  }

  Object next(Schema schema) {
    LogicalType logical = schema.getLogicalType();
    if (logical instanceof LogicalTypes.Decimal decimal) {
      int digits = Math.max(1, decimal.getPrecision() - 1);
      BigInteger unscaled = new BigInteger(random.nextInt(digits * 3) + 1, random);
      BigDecimal value =
          new BigDecimal(unscaled.mod(BigInteger.TEN.pow(digits)), decimal.getScale());
      return DECIMALS.toBytes(value, schema, decimal);
    }
    if (logical instanceof LogicalTypes.Date) {
      return (int) LocalDate.of(2020, 1, 1).plusDays(random.nextInt(4000)).toEpochDay();
    }
    if (logical instanceof LogicalTypes.TimestampMillis) {
      return 1_600_000_000_000L + random.nextInt(Integer.MAX_VALUE);
    }
    return switch (schema.getType()) {
      case RECORD -> {
        GenericData.Record record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
          record.put(field.pos(), next(field.schema()));
        }
        yield record;
      }
      case UNION -> next(schema.getTypes().get(random.nextInt(schema.getTypes().size())));
      case ENUM -> {
        List<String> symbols = schema.getEnumSymbols();
        yield new GenericData.EnumSymbol(schema, symbols.get(random.nextInt(symbols.size())));
      }
      case ARRAY -> {
        List<Object> items = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          items.add(next(schema.getElementType()));
        }
        yield new GenericData.Array<>(schema, items);
      }
      case MAP -> {
        Map<String, Object> entries = new HashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          entries.put(text(), next(schema.getValueType()));
        }
        yield entries;
      }
      case STRING -> text();
      case BYTES -> ByteBuffer.wrap(text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      case FIXED -> {
        byte[] bytes = new byte[schema.getFixedSize()];
        random.nextBytes(bytes);
        yield new GenericData.Fixed(schema, bytes);
      }
      case INT -> random.nextInt();
      case LONG -> random.nextLong();
      case FLOAT -> random.nextFloat();
      case DOUBLE -> random.nextDouble();
      case BOOLEAN -> random.nextBoolean();
      case NULL -> null;
    };
  }

  private String text() {
    return "v-" + Integer.toString(random.nextInt(1_000_000), 36);
  }
}
