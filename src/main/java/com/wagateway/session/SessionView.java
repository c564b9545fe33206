package com.wagateway.session;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A session as the operator sees it ({@code GET /admin/sessions}): its state as the instance
 * running it last reported ({@code stopped} while none does), the linked number, which instance
 * runs it and until when, its saved login, and the clients that send from it or may.
 */
public record SessionView(
    String name,
    String state,
    String phone,
    String instance,
    OffsetDateTime lease_until,
    OffsetDateTime heartbeat_at,
    String last_error,
    boolean qr_available,
    OffsetDateTime profile_saved_at,
    Integer profile_size,
    List<String> clients,
    List<String> allowed_clients,
    int waiting_messages,
    OffsetDateTime created_at) {}
