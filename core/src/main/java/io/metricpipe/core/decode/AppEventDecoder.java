package io.metricpipe.core.decode;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code app_event}: one user action. Yields occurrences per action and per page, and the user as a
 * distinct value, so a window has counts per action and page and an HLL of distinct users. {@code
 * event_id} is not unique and is not used.
 */
final class AppEventDecoder extends EventTypeDecoder {
    static final String EVENTS = "app.events";
    static final String PAGE_VIEWS = "app.page_views";
    static final String USERS = "app.users";

    @Override
    String type() {
        return "app_event";
    }

    @Override
    String resourceType() {
        return "app";
    }

    @Override
    String resourceKey(JsonNode event) throws BadEventException {
        return "app/" + requireText(event, "id");
    }

    @Override
    void decode(JsonNode event, SamplesBuilder out) {
        String action = out.text(event.get("action"), DecoderSettings.MAX_NAME_CHARS);
        if (action != null) {
            out.occurrence(labelled(EVENTS, "action", action));
        }
        String page = out.text(event.get("page"), DecoderSettings.MAX_NAME_CHARS);
        if (page != null) {
            out.occurrence(labelled(PAGE_VIEWS, "page", page));
        }
        out.distinct(USERS, event.get("user"));
        JsonNode meta = out.object(event.get("meta"));
        if (meta != null) {
            String browser = out.text(meta.get("browser"), DecoderSettings.MAX_NAME_CHARS);
            if (browser != null) {
                out.occurrence(labelled(EVENTS, "browser", browser));
            }
            String os = out.text(meta.get("os"), DecoderSettings.MAX_NAME_CHARS);
            if (os != null) {
                out.occurrence(labelled(EVENTS, "os", os));
            }
        }
    }
}
