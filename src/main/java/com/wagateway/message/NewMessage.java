package com.wagateway.message;

import java.time.OffsetDateTime;

/**
 * A validated request to send: {@code phone} in E.164; {@code name} null keeps an existing
 * contact's name; {@code sendAt} null means now.
 */
public record NewMessage(String phone, String name, String text, OffsetDateTime sendAt) {}
