package io.metricpipe.sinks.webhook;

import io.metricpipe.core.config.Problems;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code webhook}: a POST of Slack-compatible JSON for every alert transition. The URL is read from
 * an environment variable, because a Slack (or Teams, or PagerDuty) webhook URL is a credential: it
 * never appears in config files or logs.
 */
public class WebhookSection implements Serializable {
    private static final long serialVersionUID = 1L;

    public boolean enabled = false;

    /** Environment variable holding the webhook URL. */
    public String urlEnv = "METRICPIPE_WEBHOOK_URL";

    /** Time limit of one POST. */
    public Duration timeout = Duration.ofSeconds(10);

    /** Attempts per transition for retryable answers (5xx, 429, no answer). */
    public int maxAttempts = 5;

    /** Backoff before the first retry; it doubles up to {@link #maxBackoff}. */
    public Duration initialBackoff = Duration.ofSeconds(1);

    public Duration maxBackoff = Duration.ofSeconds(30);

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public void validate(Problems p) {
        p.matches("webhook.urlEnv", urlEnv, ENV_NAME, "an environment variable name");
        p.positive("webhook.timeout", timeout);
        p.between("webhook.maxAttempts", maxAttempts, 1, 20, "");
        p.positive("webhook.initialBackoff", initialBackoff);
        p.positive("webhook.maxBackoff", maxBackoff);
    }

    /**
     * When enabled, the URL must be in {@code environment}: the job's entry point checks its own,
     * which on a self-run cluster is the task managers' too. (A job given its target in code, as
     * the tests are, needs none.)
     */
    public void validateUrl(Problems p, Map<String, String> environment) {
        if (!enabled) {
            return;
        }
        String url = environment.get(urlEnv);
        if (url == null || url.isEmpty()) {
            p.add("webhook.urlEnv", "environment variable " + urlEnv + " is not set");
        } else if (!url.startsWith("http://") && !url.startsWith("https://")) {
            // The URL itself is not repeated: it is a credential.
            p.add("webhook.urlEnv", "environment variable " + urlEnv + " is not an http(s) URL");
        }
    }

    /**
     * The URL in {@code environment}, of an enabled webhook.
     *
     * @throws io.metricpipe.core.config.ConfigException naming {@code webhook.urlEnv} when it is
     *     unset or no http(s) URL
     */
    public URI url(Map<String, String> environment) {
        Problems p = new Problems();
        validateUrl(p, environment);
        p.throwIfAny();
        return URI.create(environment.get(urlEnv));
    }
}
