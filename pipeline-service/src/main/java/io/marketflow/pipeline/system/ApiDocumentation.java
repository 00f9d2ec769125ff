package io.marketflow.pipeline.system;

import io.marketflow.contracts.FeedbackEvent;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.LinkedHashSet;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the generated OpenAPI document ({@code /v3/api-docs}, browsable at {@code /swagger-ui.html}) cannot see in
 * the controllers: {@code /feedback} reads its body as raw bytes (the signature covers them as sent), so its
 * {@code FeedbackEvent} schema, statuses and problem shape are declared here.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    private static final String BEARER = "bearer";

    @Bean
    OpenApiCustomizer pipelineApiDocumentation() {
        return openApi -> {
            openApi.info(new Info()
                    .title("marketflow pipeline-service")
                    .version("v1")
                    .description("Feedback receiver (Standard Webhooks signed when MDP_FB_WEBHOOK_SECRET is set), "
                            + "provider rates and the dashboard feed."));
            Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
            ModelConverters.getInstance(true)
                    .readAll(new AnnotatedType(FeedbackEvent.class))
                    .forEach(components::addSchemas);
            components.addSchemas("Problem", problemSchema());
            components.addSecuritySchemes(
                    BEARER,
                    new SecurityScheme()
                            .type(SecurityScheme.Type.HTTP)
                            .scheme("bearer")
                            .description("one of MDP_ADMIN_API_KEYS, when set"));
            openApi.components(components);
            if (openApi.getPaths() != null) {
                openApi.getPaths().forEach((path, item) -> {
                    if (path.startsWith("/admin/")) {
                        item.readOperations().forEach(ApiDocumentation::describeAdmin);
                    }
                });
            }
            PathItem feedback =
                    openApi.getPaths() == null ? null : openApi.getPaths().get("/feedback");
            if (feedback != null && feedback.getPost() != null) {
                describeFeedback(feedback.getPost());
            }
        };
    }

    private static void describeAdmin(Operation operation) {
        operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        responses.addApiResponse("401", problem("MDP_ADMIN_API_KEYS is set and the bearer key is missing or wrong"));
        operation.responses(responses);
    }

    private static void describeFeedback(Operation post) {
        post.requestBody(new RequestBody()
                .required(true)
                .description("One FeedbackEvent; when a secret is set, signed over its exact bytes")
                .content(new Content()
                        .addMediaType(
                                "application/json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/FeedbackEvent")))));
        ApiResponses responses = post.getResponses() == null ? new ApiResponses() : post.getResponses();
        responses.remove("200");
        responses.addApiResponse("204", new ApiResponse().description("applied, or ignored as stale or duplicate"));
        responses.addApiResponse("400", problem("malformed event: errors[] names each field"));
        responses.addApiResponse(
                "401", problem("a secret is set and the signature is missing, wrong or outside the ±5 min window"));
        responses.addApiResponse("415", problem("a body that is not application/json"));
        post.responses(responses);
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                "application/problem+json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
    }

    /** RFC 9457 problem details as the pipeline writes them. */
    private static Schema<?> problemSchema() {
        Schema<?> error =
                schema("object").addProperty("field", schema("string")).addProperty("message", schema("string"));
        return schema("object")
                .description("application/problem+json (RFC 9457)")
                .addProperty("type", schema("string"))
                .addProperty("title", schema("string"))
                .addProperty("status", schema("integer"))
                .addProperty("detail", schema("string"))
                .addProperty("errors", schema("array").items(error))
                .required(List.of("type", "title", "status", "detail"));
    }

    // OpenAPI 3.1 writes a schema's types as a set; 3.0 readers look at type.
    private static Schema<Object> schema(String type) {
        Schema<Object> schema = new Schema<>();
        schema.type(type);
        schema.types(new LinkedHashSet<>(List.of(type)));
        return schema;
    }
}
