package io.marketflow.store.system;

import io.marketflow.store.web.ProblemHandling;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * When {@code MDS_INGEST_API_KEYS} is set, every request except {@code /actuator/**} needs
 * {@code Authorization: Bearer <key>} with one of the keys; otherwise 401 (rendered by
 * {@link ProblemHandlingWebExceptionHandler}). Protecting everything but the actuator, rather than listing
 * {@code /ingest*}, {@code /bars} and {@code /admin/*}, means a new endpoint or a path spelled oddly cannot slip
 * past the check. With no keys configured the filter lets everything through.
 */
@Component
public class ApiKeyFilter implements WebFilter, Ordered {

    private static final String BEARER = "bearer ";
    private static final String OPEN_PREFIX = "/actuator";

    // SHA-256 digests of the keys: comparing digests takes the same time whatever the key's length or content.
    private final List<byte[]> keyDigests;

    @Autowired
    public ApiKeyFilter(StoreProperties properties) {
        this(properties.ingest().apiKeys());
    }

    ApiKeyFilter(List<String> apiKeys) {
        this.keyDigests = apiKeys.stream().map(ApiKeyFilter::sha256).toList();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (keyDigests.isEmpty()
                || isOpen(
                        exchange.getRequest().getPath().pathWithinApplication().value())) {
            return chain.filter(exchange);
        }
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null
                || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Mono.error(ProblemHandling.unauthorized(false));
        }
        byte[] presented = sha256(authorization.substring(BEARER.length()).trim());
        boolean matched = false;
        for (byte[] key : keyDigests) {
            // No early exit: every key is compared, so timing does not tell which one nearly matched.
            matched |= MessageDigest.isEqual(key, presented);
        }
        return matched ? chain.filter(exchange) : Mono.error(ProblemHandling.unauthorized(true));
    }

    /** Before everything else, so an unauthenticated request does no work. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    // Dot segments are refused rather than resolved: "/actuator/../ingest" is not an actuator path.
    private static boolean isOpen(String path) {
        return (path.equals(OPEN_PREFIX) || path.startsWith(OPEN_PREFIX + "/")) && !path.contains("..");
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
