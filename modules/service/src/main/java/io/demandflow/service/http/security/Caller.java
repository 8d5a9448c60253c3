package io.demandflow.service.http.security;

/** Who made a request, once authenticated: a user of the users file or a token's name. */
public record Caller(String name, Role role) {}
