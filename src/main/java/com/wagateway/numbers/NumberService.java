package com.wagateway.numbers;

import com.wagateway.domain.FieldError;
import com.wagateway.domain.InvalidInputException;
import com.wagateway.domain.PhoneNumbers;
import com.wagateway.queue.NumberChecker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether numbers are on WhatsApp: from the cache while its answer is younger than {@code
 * WA_NUMBER_CHECK_TTL}, else asked of the page (between sends, paced like them) and kept. A request
 * waits at most {@code WA_NUMBER_CHECK_WAIT} for the checks it started; the rest answer unknown now
 * and are kept when their turn comes, so asking again later finds them.
 */
public final class NumberService {
  private static final Logger log = LoggerFactory.getLogger(NumberService.class);

  /** Most numbers in one request: each one the cache lacks costs a turn of the browser. */
  public static final int MAX_PHONES = 50;

  private final NumberCache cache;
  private final Function<String, NumberChecker> checkers;
  private final PhoneNumbers phones;
  private final Duration wait;

  /** {@code checkers}: the checker of a session (by name), which asks that session's account. */
  public NumberService(
      NumberCache cache,
      Function<String, NumberChecker> checkers,
      PhoneNumbers phones,
      Duration wait) {
    this.cache = cache;
    this.checkers = checkers;
    this.phones = phones;
    this.wait = wait;
  }

  /**
   * Answers for the numbers as written (each normalised to E.164; a bad one is a 400 naming {@code
   * field[i]}), one per distinct number, in the order given.
   */
  public List<NumberStatus> check(String session, String field, List<String> written) {
    if (written.isEmpty()) throw new InvalidInputException(field, "give at least one number");
    if (written.size() > MAX_PHONES)
      throw new InvalidInputException(
          field, "at most " + MAX_PHONES + " numbers per request (got " + written.size() + ")");
    List<FieldError> errors = new ArrayList<>();
    LinkedHashSet<String> e164 = new LinkedHashSet<>();
    for (int i = 0; i < written.size(); i++) {
      String one = written.get(i);
      PhoneNumbers.Result r = one == null ? null : phones.normalise(one);
      if (r == null || r.e164().isEmpty()) {
        errors.add(
            new FieldError(field + "[" + i + "]", r == null ? "must be a string" : r.problem()));
      } else {
        e164.add(r.e164().get());
      }
    }
    if (!errors.isEmpty()) throw new InvalidInputException(errors);
    return checkE164(session, List.copyOf(e164));
  }

  /**
   * As {@link #check}, for numbers already in E.164 (a contact's). Numbers the cache lacks are
   * asked of {@code session}'s account.
   */
  public List<NumberStatus> checkE164(String session, List<String> e164) {
    Map<String, KnownNumber> known = cache.find(e164);
    Map<String, CompletableFuture<NumberStatus>> asked = new LinkedHashMap<>();
    for (String phone : e164)
      if (!known.containsKey(phone)) asked.put(phone, askAndKeep(session, phone));
    long deadline = System.nanoTime() + wait.toNanos();
    List<NumberStatus> out = new ArrayList<>();
    for (String phone : e164) {
      KnownNumber k = known.get(phone);
      out.add(k != null ? NumberStatus.cached(k) : await(phone, asked.get(phone), deadline));
    }
    return out;
  }

  private CompletableFuture<NumberStatus> askAndKeep(String session, String phone) {
    return checkers
        .apply(session)
        .check(phone)
        .thenApply(
            answer ->
                answer.onWhatsApp() == null
                    ? NumberStatus.unknown(phone, answer.detail())
                    : NumberStatus.checked(cache.save(phone, answer.onWhatsApp(), session)));
  }

  private NumberStatus await(String phone, CompletableFuture<NumberStatus> answer, long deadline) {
    try {
      return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return NumberStatus.unknown(
          phone,
          "still waiting for its turn on WhatsApp Web (checks go between sends, paced like them);"
              + " ask again later: the answer is kept when it comes");
    } catch (ExecutionException e) {
      log.warn("Could not keep the check of {}: {}", phone, e.getCause().getMessage());
      return NumberStatus.unknown(
          phone, "the check could not be stored: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return NumberStatus.unknown(phone, "interrupted");
    }
  }
}
