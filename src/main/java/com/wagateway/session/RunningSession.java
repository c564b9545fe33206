package com.wagateway.session;

import com.wagateway.queue.SendResult;
import com.wagateway.whatsapp.WhatsAppWebSender;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One session this instance runs: its browser (one linked account), its profile directory, what was
 * last told to the database about it, and its sends by result.
 */
final class RunningSession {
  final String name;
  final Path profile;
  volatile WhatsAppWebSender sender;
  // Guarded by the host's tick thread.
  String reported;
  String phone;
  Instant readySince;
  Instant lastSaved;
  final Map<String, AtomicLong> sends = new ConcurrentHashMap<>();

  RunningSession(String name, Path profile, WhatsAppWebSender sender) {
    this.name = name;
    this.profile = profile;
    this.sender = sender;
  }

  void count(SendResult result) {
    String label;
    if (result instanceof SendResult.Sent) label = "sent";
    else if (result instanceof SendResult.PermanentFailure) label = "failed";
    else if (result instanceof SendResult.Unconfirmed) label = "unconfirmed";
    else label = "retried";
    sends.computeIfAbsent(label, k -> new AtomicLong()).incrementAndGet();
  }

  /** True when what is to be reported differs from what was last written. */
  boolean changed(String state, String phone, String error, String qr) {
    String now = state + "\n" + phone + "\n" + error + "\n" + qr;
    if (Objects.equals(now, reported)) return false;
    reported = now;
    return true;
  }
}
