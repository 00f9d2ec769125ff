package io.marketflow.store.web;

import io.marketflow.store.coordinator.AdmissionRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Maps every error raised while handling a request to {@code application/problem+json}: the store's own
 * {@link ProblemHandling} problems, the coordinator's refusals ({@link AdmissionRefusedException}), and Spring's (405, 406, 415, 404, bad
 * parameters), which the base class turns into problem details. Anything unexpected is a bare 500 that leaks
 * nothing; its cause goes to the log.
 */
@RestControllerAdvice
public class ProblemHandlingAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandlingAdvice.class);

    @ExceptionHandler
    Mono<ResponseEntity<Object>> refused(AdmissionRefusedException ex, ServerWebExchange exchange) {
        return handleException(ProblemHandling.refused(ex), exchange);
    }

    @ExceptionHandler
    Mono<ResponseEntity<Object>> unexpected(Exception ex, ServerWebExchange exchange) {
        if (ClientAborts.isClientAbort(ex)) {
            ClientAborts.logHangUp(log, exchange, ex);
            return Mono.empty();
        }
        log.error(
                "{} {} failed",
                exchange.getRequest().getMethod(),
                exchange.getRequest().getPath().value(),
                ex);
        return createResponseEntity(
                ProblemHandling.unexpected(), new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, exchange);
    }

    // Set explicitly so the problem is written as problem+json even when the client asked for NDJSON.
    @Override
    protected Mono<ResponseEntity<Object>> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        HttpHeaders responseHeaders = new HttpHeaders();
        responseHeaders.putAll(headers);
        responseHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return Mono.just(new ResponseEntity<>(body, responseHeaders, status));
    }
}
