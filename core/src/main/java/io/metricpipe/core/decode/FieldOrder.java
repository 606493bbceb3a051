package io.metricpipe.core.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.util.Arrays;

/**
 * The field names of one kind of JSON object in the order they came last time. An agent writes its
 * fields in the same order in every event, so the next name is guessed and matched against the
 * input's bytes ({@link JsonParser#nextFieldName(com.fasterxml.jackson.core.SerializableString)}),
 * which costs less than decoding the name and looking it up in Jackson's symbol table; a wrong
 * guess falls back to exactly that. The names returned are the same either way.
 *
 * <p>Not thread-safe: one per decoder.
 */
final class FieldOrder {
    /** Objects with more fields than this are read without guessing past it. */
    private static final int MAX_FIELDS = 64;

    private SerializedString[] names = new SerializedString[8];
    private int position;

    /** Call at the start of each object. */
    void start() {
        position = 0;
    }

    /** The next field's name, with the parser on it; null at the end of the object. */
    String next(JsonParser p) throws IOException {
        SerializedString guess = position < names.length ? names[position] : null;
        String field;
        if (guess == null) {
            field = p.nextFieldName();
        } else if (p.nextFieldName(guess)) {
            field = guess.getValue();
        } else {
            field = p.currentToken() == JsonToken.FIELD_NAME ? p.currentName() : null;
        }
        if (field != null) {
            remember(field);
        }
        return field;
    }

    private void remember(String field) {
        if (position >= MAX_FIELDS) {
            return;
        }
        if (position == names.length) {
            names = Arrays.copyOf(names, Math.min(MAX_FIELDS, position * 2));
        }
        SerializedString known = names[position];
        // Jackson interns field names, so a name that came again is the same instance.
        if (known == null || known.getValue() != field) {
            names[position] = new SerializedString(field);
        }
        position++;
    }
}
