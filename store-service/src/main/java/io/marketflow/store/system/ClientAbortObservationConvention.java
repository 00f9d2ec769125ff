package io.marketflow.store.system;

import io.marketflow.store.web.ClientAborts;
import io.micrometer.common.KeyValue;
import org.springframework.http.server.reactive.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * {@code http_server_requests}: a request whose client hung up is recorded with status 499 and outcome
 * CLIENT_ERROR (the client's doing) instead of Spring's UNKNOWN, which reads like a server fault on dashboards.
 */
final class ClientAbortObservationConvention extends DefaultServerRequestObservationConvention {

    @Override
    protected KeyValue status(ServerRequestObservationContext context) {
        return context.isConnectionAborted()
                ? KeyValue.of("status", Integer.toString(ClientAborts.CLIENT_CLOSED_REQUEST.value()))
                : super.status(context);
    }

    @Override
    protected KeyValue outcome(ServerRequestObservationContext context) {
        return context.isConnectionAborted() ? KeyValue.of("outcome", "CLIENT_ERROR") : super.outcome(context);
    }
}
