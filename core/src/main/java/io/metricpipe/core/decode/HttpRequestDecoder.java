package io.metricpipe.core.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricpipe.core.model.MetricKind;

/**
 * {@code http-request}: one served request. Yields RED metrics for the service, overall and per
 * (method, route): request and 5xx error occurrences, and the duration distribution in ms.
 */
final class HttpRequestDecoder extends EventTypeDecoder {
    static final String REQUESTS = "http.server.requests";
    static final String ERRORS = "http.server.errors";
    static final String DURATION = "http.server.request.duration";

    @Override
    String type() {
        return "http-request";
    }

    @Override
    String resourceType() {
        return "service";
    }

    @Override
    String resourceKey(JsonNode event) throws BadEventException {
        return "service/" + requireText(event, "service");
    }

    @Override
    void decode(JsonNode event, SamplesBuilder out) {
        String method = out.text(event.get("method"), 16);
        String route = out.text(event.get("route"), DecoderSettings.MAX_NAME_CHARS);
        JsonNode statusNode = event.get("status");
        int status = -1;
        if (statusNode != null && !statusNode.isNull()) {
            if (statusNode.isIntegralNumber()) {
                status = statusNode.intValue();
            } else {
                out.drop(io.metricpipe.core.model.DeadLetterReason.WRONG_TYPE);
            }
        }
        boolean error = status >= 500;
        String[] labels =
                method != null && route != null
                        ? new String[] {"method", method, "route", route}
                        : null;

        out.occurrence(REQUESTS);
        if (labels != null) {
            out.occurrence(labelled(REQUESTS, labels));
        }
        if (error) {
            out.occurrence(ERRORS);
            if (labels != null) {
                out.occurrence(labelled(ERRORS, labels));
            }
        }
        int before = out.size();
        out.gauge(DURATION, event.get("duration_ms"));
        if (labels != null && out.size() > before) {
            out.value(
                    labelled(DURATION, labels),
                    event.get("duration_ms").doubleValue(),
                    MetricKind.GAUGE,
                    null);
        }
    }
}
