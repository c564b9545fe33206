package com.wagateway.numbers;

import com.wagateway.queue.ForwardingSender;
import com.wagateway.queue.Handoff;
import com.wagateway.queue.OutgoingMessage;
import com.wagateway.queue.SendResult;
import com.wagateway.queue.Sender;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In front of the worker's sender: a message to a number known not to be on WhatsApp fails at once,
 * without opening the page (one primary-key lookup); and what each send learns about its number is
 * kept (a chat that opened: on WhatsApp; the "not on WhatsApp" popup: not). A cache that cannot be
 * read never stops a send. In front of a dry run it does nothing.
 */
public final class NumberGate extends ForwardingSender {
  private static final Logger log = LoggerFactory.getLogger(NumberGate.class);

  private final NumberCache cache;
  private final boolean learns;

  /**
   * {@code learns}: whether the sender's answers say anything about WhatsApp (a dry run's do not).
   */
  public NumberGate(Sender sender, NumberCache cache, boolean learns) {
    super(sender);
    this.cache = cache;
    this.learns = learns;
  }

  @Override
  public SendResult send(OutgoingMessage message, Handoff handoff) {
    // A sender that learns nothing about numbers (a dry run) skips the lookup too: it would cost
    // every send a round trip for an answer no dry run needs.
    if (!learns) return sender.send(message, handoff);
    Optional<KnownNumber> known = lookUp(message.phone());
    if (known.isPresent() && !known.get().onWhatsApp()) {
      return SendResult.permanent(
          message.phone()
              + " is not on WhatsApp (WhatsApp Web said so at "
              + known
                  .get()
                  .checkedAt()
                  .withOffsetSameInstant(ZoneOffset.UTC)
                  .truncatedTo(ChronoUnit.SECONDS)
              + "); not sent. The answer is trusted for WA_NUMBER_CHECK_TTL");
    }
    SendResult result = sender.send(message, handoff);
    boolean knownOn = known.isPresent() && known.get().onWhatsApp();
    if (result instanceof SendResult.Sent && !knownOn) keep(message, true);
    else if (result instanceof SendResult.PermanentFailure) keep(message, false);
    return result;
  }

  private Optional<KnownNumber> lookUp(String phone) {
    try {
      return cache.find(phone);
    } catch (RuntimeException e) {
      log.debug("Number cache not read for {}: {}", phone, e.getMessage());
      return Optional.empty();
    }
  }

  private void keep(OutgoingMessage message, boolean onWhatsApp) {
    try {
      cache.save(message.phone(), onWhatsApp, message.session());
    } catch (RuntimeException e) {
      log.debug("Number cache not written for {}: {}", message.phone(), e.getMessage());
    }
  }
}
