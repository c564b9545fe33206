package com.wagateway.http;

import com.wagateway.domain.ConflictException;
import com.wagateway.domain.DomainException;
import com.wagateway.domain.InvalidInputException;
import com.wagateway.domain.NotFoundException;
import com.wagateway.domain.QuotaExceededException;
import com.wagateway.domain.TooLargeException;
import com.wagateway.domain.UnprocessableException;
import com.wagateway.domain.UnsupportedTypeException;
import java.util.Map;

/** The one place where a service's refusal gets its HTTP status. */
public final class ProblemMapping {
  private ProblemMapping() {}

  public static ApiException toProblem(DomainException e) {
    ApiException problem;
    if (e instanceof NotFoundException) {
      problem = ApiException.notFound(e.getMessage());
    } else if (e instanceof ConflictException) {
      problem = ApiException.conflict(e.getMessage());
    } else if (e instanceof InvalidInputException) {
      problem = ApiException.invalid(e.getMessage(), e.errors());
    } else if (e instanceof UnprocessableException) {
      problem = ApiException.unprocessable(e.getMessage(), e.errors());
    } else if (e instanceof TooLargeException) {
      problem = ApiException.payloadTooLarge(e.getMessage());
    } else if (e instanceof UnsupportedTypeException) {
      problem = ApiException.unsupportedMediaType(e.getMessage());
    } else {
      problem =
          ApiException.tooManyRequests(
              e.getMessage(), ((QuotaExceededException) e).retryAfterSeconds());
    }
    for (Map.Entry<String, Object> detail : e.details().entrySet()) {
      problem = problem.with(detail.getKey(), detail.getValue());
    }
    return problem;
  }
}
