package io.marketflow.store.reliability;

import java.util.ArrayList;
import java.util.List;

/**
 * The hostile-input corpus's requests to the bar endpoints, for tests outside this package that check how
 * each stage treats the same bad input (the hand check of a bar against Bean Validation, for one).
 */
public final class HostileBarBodies {

    /** One request body: its corpus name, whether it is NDJSON (else a JSON body), and its bytes. */
    public record Body(String name, boolean ndjson, byte[] bytes) {}

    private HostileBarBodies() {}

    public static List<Body> all() {
        List<Body> bodies = new ArrayList<>();
        for (HostileRequest hostile : HostileRequest.corpus()) {
            HostileRequest.Request request = hostile.build().apply(IngestKind.BARS);
            if (request != null) {
                bodies.add(
                        new Body(hostile.name(), HostileRequest.NDJSON.equals(request.contentType()), request.body()));
            }
        }
        return bodies;
    }
}
