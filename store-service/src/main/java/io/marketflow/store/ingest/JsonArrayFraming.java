package io.marketflow.store.ingest;

import java.util.function.Consumer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.async.ByteArrayFeeder;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.TokenBuffer;

/**
 * Frames a body holding one JSON array: each element becomes its own token stream, handed over as soon as its
 * last token has arrived. Uses Jackson's non-blocking parser, so only the element being read is held in memory.
 */
final class JsonArrayFraming implements Framing {

    private enum State {
        BEFORE_ARRAY,
        IN_ARRAY,
        AFTER_ARRAY
    }

    private final JsonParser parser;
    private final ByteArrayFeeder feeder;
    private final Consumer<JsonParser> onItem;
    private State state = State.BEFORE_ARRAY;
    private TokenBuffer item;
    private int depth;

    JsonArrayFraming(JsonMapper mapper, Consumer<JsonParser> onItem) {
        this.parser = mapper.createNonBlockingByteArrayParser();
        this.feeder = (ByteArrayFeeder) parser.nonBlockingInputFeeder();
        this.onItem = onItem;
    }

    @Override
    public void feed(byte[] bytes, int offset, int length) {
        feeder.feedInput(bytes, offset, offset + length);
        drain();
    }

    @Override
    public void endOfInput() {
        feeder.endOfInput();
        drain();
        if (state == State.BEFORE_ARRAY) {
            throw new StreamReadException(parser, "the body is empty; expected a JSON array of items");
        }
        if (state == State.IN_ARRAY) {
            throw new StreamReadException(parser, "the body ended before the JSON array was closed");
        }
    }

    @Override
    public boolean insideItems() {
        return state == State.IN_ARRAY;
    }

    private void drain() {
        JsonToken token;
        while ((token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
            switch (state) {
                case BEFORE_ARRAY -> {
                    if (token != JsonToken.START_ARRAY) {
                        throw new StreamReadException(
                                parser, "expected a JSON array of items, found " + describe(token));
                    }
                    state = State.IN_ARRAY;
                }
                case IN_ARRAY -> element(token);
                case AFTER_ARRAY ->
                    throw new StreamReadException(
                            parser, "unexpected " + describe(token) + " after the closing ] of the array");
            }
        }
    }

    private void element(JsonToken token) {
        if (item == null) {
            if (token == JsonToken.END_ARRAY) {
                state = State.AFTER_ARRAY;
                return;
            }
            item = TokenBuffer.forBuffering(parser, parser.objectReadContext());
        }
        item.copyCurrentEvent(parser);
        if (token.isStructStart()) {
            depth++;
        } else if (token.isStructEnd()) {
            depth--;
        }
        if (depth == 0) {
            TokenBuffer complete = item;
            item = null;
            onItem.accept(complete.asParser(parser.objectReadContext()));
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "'" + token.asString() + "'";
        };
    }
}
