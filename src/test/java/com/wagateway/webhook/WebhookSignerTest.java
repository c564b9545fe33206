package com.wagateway.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The signer against the example of the Standard Webhooks specification. */
class WebhookSignerTest {

  @Test
  void signsTheSpecificationsExampleAsTheSpecificationDoes() {
    assertEquals(
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        WebhookSigner.signature(
            List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            "{\"test\": 2432232314}"));
  }

  @Test
  void twoSecretsGiveTwoSignaturesSeparatedByASpace() {
    String both =
        WebhookSigner.signature(
            List.of(WebhookSigner.newSecret(), WebhookSigner.newSecret()), "evt_1", 1, "{}");
    assertEquals(2, both.split(" ").length);
    assertTrue(both.split(" ")[0].startsWith("v1,") && both.split(" ")[1].startsWith("v1,"));
  }

  @Test
  void newSecretsAreWhsecAndTwentyFourRandomBytes() {
    String secret = WebhookSigner.newSecret();
    assertTrue(secret.startsWith("whsec_"));
    assertEquals(24, Base64.getDecoder().decode(secret.substring(6)).length);
    assertTrue(!secret.equals(WebhookSigner.newSecret()));
  }
}
