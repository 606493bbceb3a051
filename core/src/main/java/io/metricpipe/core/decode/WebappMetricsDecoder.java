package io.metricpipe.core.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricpipe.core.model.MetricKind;

/** {@code webapp-metrics}: health, performance and usage of one web app, keyed by its URL. */
final class WebappMetricsDecoder extends EventTypeDecoder {

    @Override
    String type() {
        return "webapp-metrics";
    }

    @Override
    String resourceType() {
        return "webapp";
    }

    @Override
    String resourceKey(JsonNode event) throws BadEventException {
        return "webapp/" + requireText(event, "source");
    }

    @Override
    void decode(JsonNode event, SamplesBuilder out) {
        JsonNode health = out.object(event.get("health"));
        if (health != null) {
            String status = out.text(health.get("status"), DecoderSettings.MAX_NAME_CHARS);
            if (status != null) {
                out.occurrence(labelled("health.status", "status", status));
                out.value("health.up", "online".equals(status) ? 1.0 : 0.0, MetricKind.GAUGE, null);
            }
            gauges(out, health, "health.", "status_code", "response_time_ms", "content_length");
        }
        JsonNode perf = out.object(event.get("performance"));
        gauges(
                out,
                perf,
                "performance.",
                "current_response_time_ms",
                "avg_response_time_ms",
                "min_response_time_ms",
                "max_response_time_ms",
                "error_rate_percent");
        counters(out, perf, "performance.", "total_requests", "total_errors");

        JsonNode usage = out.object(event.get("usage"));
        gauges(
                out,
                usage,
                "usage.",
                "active_users",
                "requests_per_second",
                "error_rate_percent",
                "avg_page_load_ms",
                "avg_db_query_ms");
        counters(out, usage, "usage.", "total_requests", "total_errors");
        if (usage != null) {
            gauges(
                    out,
                    out.object(usage.get("traffic_sources")),
                    "usage.traffic_sources.",
                    "direct",
                    "organic",
                    "referral",
                    "social");
        }
    }
}
