package io.metricpipe.sinks.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.config.ConfigException;
import io.metricpipe.core.config.Problems;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSectionTest {
    @Test
    void enabledNeedsItsUrlInTheEnvironmentAndNeverRepeatsIt() {
        WebhookSection w = new WebhookSection();
        w.enabled = true;
        assertThat(problems(w, Map.of()))
                .containsExactly(
                        "webhook.urlEnv: environment variable METRICPIPE_WEBHOOK_URL is not set");
        assertThat(problems(w, Map.of("METRICPIPE_WEBHOOK_URL", "hooks.slack.com/T0/B0/secret")))
                .containsExactly(
                        "webhook.urlEnv: environment variable METRICPIPE_WEBHOOK_URL is not an"
                                + " http(s) URL");
        assertThat(
                        problems(
                                w,
                                Map.of(
                                        "METRICPIPE_WEBHOOK_URL",
                                        "https://hooks.slack.com/services/T0/B0/secret")))
                .isEmpty();
        assertThat(
                        w.url(
                                Map.of(
                                        "METRICPIPE_WEBHOOK_URL",
                                        "https://hooks.slack.com/services/T0/B0/secret")))
                .hasToString("https://hooks.slack.com/services/T0/B0/secret");
    }

    @Test
    void disabledNeedsNoUrlButItsSettingsAreStillChecked() {
        WebhookSection w = new WebhookSection();
        assertThat(problems(w, Map.of())).isEmpty();
        w.maxAttempts = 0;
        w.initialBackoff = Duration.ZERO;
        w.urlEnv = "NOT A NAME";
        assertThat(problems(w, Map.of()))
                .hasSize(3)
                .anyMatch(p -> p.startsWith("webhook.maxAttempts: must be between 1 and 20"))
                .anyMatch(p -> p.startsWith("webhook.initialBackoff:"))
                .anyMatch(p -> p.startsWith("webhook.urlEnv:"));
    }

    private static List<String> problems(WebhookSection w, Map<String, String> environment) {
        Problems p = new Problems();
        w.validate(p);
        w.validateUrl(p, environment);
        try {
            p.throwIfAny();
            return List.of();
        } catch (ConfigException e) {
            return e.problems();
        }
    }
}
