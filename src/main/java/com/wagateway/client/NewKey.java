package com.wagateway.client;

/** A client with its key in clear: exists only in the answer to create or rotate. */
public record NewKey(Client client, String apiKey) {}
