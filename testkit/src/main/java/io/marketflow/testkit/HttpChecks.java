package io.marketflow.testkit;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Requests of which only the status matters, for code that polls or counts: an unreachable server is a no. */
public final class HttpChecks {

    private HttpChecks() {}

    /**
     * Whether {@code client} gets {@code status} for {@code request}: false when the server answers otherwise, cannot
     * be reached, or the wait is interrupted (the thread then keeps its interrupt flag).
     */
    public static boolean answers(HttpClient client, HttpRequest request, int status) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == status;
        } catch (IOException notListening) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
