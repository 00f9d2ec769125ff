package io.marketflow.pipeline.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * When {@code MDP_ADMIN_API_KEYS} is set, {@code /admin/**} (the dead-letter files and their replay) needs
 * {@code Authorization: Bearer <key>} with one of the keys, as the store's admin endpoints do; otherwise 401
 * problem+json. The feedback webhook has its own signature, and {@code /rates}, the dashboard and the actuator
 * only read. With no keys configured the filter lets everything through.
 */
@Component
class AdminApiKeyFilter implements WebFilter, Ordered {

    private static final String BEARER = "bearer ";
    private static final String ADMIN = "admin";
    private static final String PROBLEM =
            "{\"type\":\"urn:marketflow:problem:unauthorized\",\"title\":\"Unauthorized\","
                    + "\"status\":401,\"detail\":\"%s\"}";

    // SHA-256 digests of the keys: comparing digests takes the same time whatever the key's length or content.
    private final List<byte[]> keyDigests;

    @Autowired
    AdminApiKeyFilter(PipelineProperties properties) {
        this(properties.admin().apiKeys());
    }

    AdminApiKeyFilter(List<String> apiKeys) {
        this.keyDigests = apiKeys.stream().map(AdminApiKeyFilter::sha256).toList();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (keyDigests.isEmpty() || !isAdmin(exchange.getRequest().getPath().pathWithinApplication())) {
            return chain.filter(exchange);
        }
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null
                || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return unauthorized(exchange.getResponse(), false);
        }
        byte[] presented = sha256(authorization.substring(BEARER.length()).strip());
        boolean matched = false;
        for (byte[] key : keyDigests) {
            // No early exit: every key is compared, so timing does not tell which one nearly matched.
            matched |= MessageDigest.isEqual(key, presented);
        }
        return matched ? chain.filter(exchange) : unauthorized(exchange.getResponse(), true);
    }

    /** Before everything else, so an unauthenticated request does no work. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    // Judged on the decoded segments the handler mapping matches ("/%61dmin", "/admin;x=1", "//admin" and
    // "/ADMIN" included); a path with dot segments is treated as admin rather than resolved.
    private static boolean isAdmin(PathContainer path) {
        String first = null;
        for (PathContainer.Element element : path.elements()) {
            if (element instanceof PathContainer.PathSegment segment) {
                String value = segment.valueToMatch();
                if (value.equals("..") || value.equals(".")) {
                    return true;
                }
                if (first == null && !value.isEmpty()) {
                    first = value;
                }
            }
        }
        return ADMIN.equalsIgnoreCase(first);
    }

    private static Mono<Void> unauthorized(ServerHttpResponse response, boolean keyPresented) {
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders()
                .set(
                        HttpHeaders.WWW_AUTHENTICATE,
                        keyPresented
                                ? "Bearer realm=\"marketflow\", error=\"invalid_token\""
                                : "Bearer realm=\"marketflow\"");
        String detail = keyPresented
                ? "the API key in the Authorization header is not valid"
                : "this endpoint needs an Authorization: Bearer <API key> header";
        byte[] body = PROBLEM.formatted(detail).getBytes(StandardCharsets.UTF_8);
        return response.writeWith(
                Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
