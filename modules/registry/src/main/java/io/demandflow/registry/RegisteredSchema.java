package io.demandflow.registry;

import org.apache.avro.Schema;

/** One version of a subject: what {@code GET /subjects/{s}/versions/{v}} returns. */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {}
