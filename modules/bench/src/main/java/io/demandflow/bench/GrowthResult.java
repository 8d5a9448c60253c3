package io.demandflow.bench;

/**
 * Processing a fixed batch of further events with {@code openOrders} open orders already in the
 * pipeline's state.
 */
public record GrowthResult(int openOrders, Measurement batch) {}
