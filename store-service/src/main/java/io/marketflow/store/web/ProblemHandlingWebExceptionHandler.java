package io.marketflow.store.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders errors raised outside controllers (web filters such as the API key filter, or anything escaping the
 * dispatcher) as {@code application/problem+json}, in the same shape as {@link ProblemHandlingAdvice}. Ordered
 * before Spring Boot's error handler, which would render HTML or its own JSON.
 */
@Component
@Order(-2)
public class ProblemHandlingWebExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandlingWebExceptionHandler.class);

    // Only maps, lists and records are written, so a plain mapper is enough and no mix-in is needed.
    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        ServerHttpResponse response = exchange.getResponse();
        if (ClientAborts.isClientAbort(ex)) {
            ClientAborts.logHangUp(log, exchange, ex);
            return Mono.empty();
        }
        if (response.isCommitted()) {
            return Mono.error(ex);
        }
        ProblemDetail problem;
        if (ex instanceof ErrorResponse error) {
            problem = error.getBody();
            response.setStatusCode(error.getStatusCode());
            error.getHeaders().forEach((name, values) -> response.getHeaders().put(name, values));
        } else {
            log.error(
                    "{} {} failed outside a controller",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(),
                    ex);
            problem = ProblemHandling.unexpected();
            response.setStatusCode(HttpStatus.INTERNAL_SERVER_ERROR);
        }
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] bytes = json.writeValueAsBytes(flatten(problem, exchange));
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        return response.writeWith(Mono.just(buffer));
    }

    private static Map<String, Object> flatten(ProblemDetail problem, ServerWebExchange exchange) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType() != null ? problem.getType().toString() : "about:blank");
        if (problem.getTitle() != null) {
            body.put("title", problem.getTitle());
        }
        body.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            body.put("detail", problem.getDetail());
        }
        body.put(
                "instance",
                problem.getInstance() != null
                        ? problem.getInstance().toString()
                        : exchange.getRequest().getPath().value());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }
}
