package com.wagateway.console;

/**
 * What every signed-in page shows around its content: its title, which section of the navigation is
 * current, who is signed in, the session's CSRF token for the page's forms, a notice about what the
 * last action did, and whether this instance only pretends to send ({@code WA_SENDER=log}: then
 * "sent" means nothing reached WhatsApp, and every page says so).
 */
public record PageFrame(
    String title,
    String section,
    String operator,
    String csrfToken,
    String notice,
    boolean dryRun) {}
