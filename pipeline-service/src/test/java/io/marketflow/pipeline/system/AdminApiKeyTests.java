package io.marketflow.pipeline.system;

import static io.marketflow.testkit.WebAnswers.invalidKey;
import static io.marketflow.testkit.WebAnswers.postWithKey;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** With {@code MDP_ADMIN_API_KEYS} set, the dead-letter endpoints need one of the keys; the rest stays open. */
@SpringBootTest(properties = "MDP_ADMIN_API_KEYS= first-key , second-key")
@AutoConfigureWebTestClient
class AdminApiKeyTests {

    @TempDir
    static Path dlq;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("MDP_DLQ_DIR", () -> dlq.toString());
    }

    @Autowired
    WebTestClient web;

    @Test
    void adminEndpointsWithoutAKeyAre401ProblemJson() {
        web.get()
                .uri("/admin/dlq")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"marketflow\"")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("urn:marketflow:problem:unauthorized")
                .jsonPath("$.title")
                .isEqualTo("Unauthorized")
                .jsonPath("$.status")
                .isEqualTo(401)
                .jsonPath("$.detail")
                .isEqualTo("this endpoint needs an Authorization: Bearer <API key> header");
        web.post().uri("/admin/dlq/replay?max=5").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aWrongKeyIs401AndNamesTheKeyAsInvalid() {
        invalidKey(postWithKey(web, "/admin/dlq/replay", "first-key-but-longer"))
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("the API key in the Authorization header is not valid");
        web.get()
                .uri("/admin/dlq")
                .header(HttpHeaders.AUTHORIZATION, "Basic Zmlyc3Qta2V5")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void anyConfiguredKeyOpensTheAdminEndpoints() {
        for (String key : new String[] {"first-key", "second-key"}) {
            web.get()
                    .uri("/admin/dlq")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.records")
                    .isEqualTo(0);
        }
        web.post()
                .uri("/admin/dlq/replay?max=1")
                .header(HttpHeaders.AUTHORIZATION, "bearer second-key")
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void pathSpellingsThatReachTheAdminHandlersNeedTheKeyToo() {
        for (String path : new String[] {"/%61dmin/dlq", "/admin;x=1/dlq", "/ADMIN/dlq", "/rates/../admin/dlq"}) {
            web.get().uri(URI.create(path)).exchange().expectStatus().isUnauthorized();
        }
    }

    @Test
    void readOnlyEndpointsStayOpen() {
        web.get().uri("/rates").exchange().expectStatus().isOk();
        web.get().uri("/actuator/health").exchange().expectStatus().isOk();
    }
}
