package io.marketflow.store.system;

import io.marketflow.store.lane.DataKind;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the generated OpenAPI document (at {@code /v3/api-docs}, browsable at {@code /swagger-ui.html}) cannot
 * see in the controllers: ingest bodies are read as a stream, so their formats (JSON array, NDJSON, CSV) and
 * item types are declared here, with the statuses each endpoint answers and the problem+json shape of every
 * error. Kept out of the controllers so that they read as code, not as documentation.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String PROBLEM = "Problem";
    static final String BEARER = "bearer";

    /** The one mapping of {@code POST /ingest/<kind>}, documented as one path per kind. */
    private static final String INGEST_KIND = "/ingest/{kind}";

    private static final Map<String, String> INGEST_ITEMS = ingestItems();

    private static Map<String, String> ingestItems() {
        Map<String, String> items = new LinkedHashMap<>();
        items.put("/ingest", DataKind.BARS.type().getSimpleName());
        for (DataKind kind : DataKind.values()) {
            items.put("/ingest/" + kind.kind(), kind.type().getSimpleName());
        }
        return Map.copyOf(items);
    }

    @Bean
    OpenApiCustomizer storeApiDocumentation() {
        return openApi -> {
            openApi.info(new Info()
                    .title("marketflow store-service")
                    .version("v1")
                    .description("Ingest of bars, option snapshots, fundamentals and news; reads with rollups. "
                            + "When MDS_INGEST_API_KEYS is set, every endpoint but /actuator needs "
                            + "Authorization: Bearer <key>."));
            Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
            openApi.components(components
                    .addSchemas(PROBLEM, problemSchema())
                    .addSecuritySchemes(
                            BEARER,
                            new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")));
            openApi.addSecurityItem(new SecurityRequirement().addList(BEARER));
            if (openApi.getPaths() == null) {
                return;
            }
            PathItem perKind = openApi.getPaths().remove(INGEST_KIND);
            if (perKind != null && perKind.getPost() != null) {
                for (DataKind kind : DataKind.values()) {
                    openApi.getPaths().addPathItem("/ingest/" + kind.kind(), ingestOf(kind, perKind.getPost()));
                }
            }
            openApi.getPaths().forEach((path, item) -> describe(path, item));
        };
    }

    // A client reads one operation per kind, each with its own item schema, rather than a {kind} parameter.
    private static PathItem ingestOf(DataKind kind, Operation shared) {
        ApiResponses responses = new ApiResponses();
        if (shared.getResponses() != null) {
            responses.putAll(shared.getResponses());
        }
        List<Parameter> parameters = shared.getParameters() == null
                ? null
                : new ArrayList<>(shared.getParameters().stream()
                        .filter(parameter -> !"kind".equals(parameter.getName()))
                        .toList());
        return new PathItem()
                .post(new Operation()
                        .tags(shared.getTags())
                        .operationId(kind.kind())
                        .parameters(parameters)
                        .responses(responses)
                        .security(shared.getSecurity()));
    }

    private static void describe(String path, PathItem item) {
        for (Operation operation : item.readOperations()) {
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            responses.addApiResponse(
                    "400", problem("Invalid parameters or items: errors[] names each, by index and field"));
            responses.addApiResponse(
                    "401", problem("MDS_INGEST_API_KEYS is set and the bearer key is missing or wrong"));
            operation.responses(responses);
        }
        String itemSchema = INGEST_ITEMS.get(path);
        if (itemSchema != null && item.getPost() != null) {
            ingest(item.getPost(), itemSchema);
        }
        if (path.equals("/bars") && item.getGet() != null) {
            ApiResponse ok = item.getGet().getResponses().get("200");
            if (ok != null) {
                ok.description("Bars oldest first: stored, or rolled up from the finest stored finer timeframe")
                        .addHeaderObject(
                                "X-Bars-Source",
                                new Header()
                                        .description("stored, or rollup:<timeframe> when rolled up from that timeframe")
                                        .schema(schema("string")));
            }
            describeParameters(
                    item.getGet(),
                    Map.of(
                            "tz", "IANA zone whose calendar days 1d bars are rolled up by (default MDS_SESSION_TZ)",
                            "from", "ISO-8601 timestamp with offset; inclusive",
                            "to", "ISO-8601 timestamp with offset; exclusive",
                            "limit", "at most this many bars, the oldest (1..10000, default 1000)"));
        }
        if (path.equals("/bars/latest") && item.getGet() != null) {
            describeParameters(item.getGet(), Map.of("symbols", "comma-separated, at most 1000"));
        }
        if (path.equals("/admin/dlq/replay") && item.getPost() != null) {
            item.getPost().getResponses().addApiResponse("409", problem("a replay of the same kind is running"));
        }
    }

    private static void ingest(Operation operation, String itemSchema) {
        Schema<?> item = new Schema<>().$ref("#/components/schemas/" + itemSchema);
        Schema<?> array = schema("array").items(item);
        operation.requestBody(new RequestBody()
                .required(true)
                .description("Items as a JSON array, NDJSON (one per line) or CSV (a header row naming the fields, "
                        + "any order; an empty cell is an absent field; a news item's symbols ;-separated). "
                        + "Admitted whole or not at all.")
                .content(new Content()
                        .addMediaType("application/json", new MediaType().schema(array))
                        .addMediaType("application/x-ndjson", new MediaType().schema(item))
                        .addMediaType("text/csv", new MediaType().schema(schema("string")))));
        Schema<?> result = new Schema<>().$ref("#/components/schemas/IngestResult");
        ApiResponses responses = operation.getResponses();
        responses.remove("200");
        responses.addApiResponse(
                "200",
                new ApiResponse()
                        .description("ack=committed: every item is committed ({accepted, written})")
                        .content(new Content().addMediaType("application/json", new MediaType().schema(result))));
        responses.addApiResponse(
                "202",
                new ApiResponse()
                        .description("ack=queued: every item is queued ({accepted})")
                        .content(new Content().addMediaType("application/json", new MediaType().schema(result))));
        responses.addApiResponse("413", problem("more than MDS_INGEST_MAX_ITEMS items or MDS_INGEST_MAX_BYTES bytes"));
        responses.addApiResponse("415", problem("a body that is not JSON, NDJSON or CSV in UTF-8"));
        responses.addApiResponse("429", retryAfter(problem("queue full, strategy error")));
        responses.addApiResponse(
                "503",
                retryAfter(
                        problem(
                                "queue stayed full (strategy block), too many request bodies held at once (MDS_INGEST_MAX_INFLIGHT_BYTES), or shutting down")));
        describeParameters(operation, Map.of("ack", "queued (202 once queued) or committed (200 once written)"));
    }

    private static void describeParameters(Operation operation, Map<String, String> descriptions) {
        if (operation.getParameters() == null) {
            return;
        }
        for (Parameter parameter : operation.getParameters()) {
            String description = descriptions.get(parameter.getName());
            if (description != null) {
                parameter.description(description);
            }
        }
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                "application/problem+json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }

    private static ApiResponse retryAfter(ApiResponse response) {
        return response.addHeaderObject(
                "Retry-After", new Header().description("seconds to wait").schema(schema("integer")));
    }

    /** RFC 9457 problem details as the store writes them. */
    private static Schema<?> problemSchema() {
        Schema<?> error = schema("object")
                .addProperty(
                        "index", schema("integer").description("0-based item (or CSV data row); absent for parameters"))
                .addProperty("field", schema("string").description("JSON field, CSV column or parameter name"))
                .addProperty("message", schema("string"));
        return schema("object")
                .description("application/problem+json (RFC 9457)")
                .addProperty("type", schema("string").description("urn:marketflow:problem:<name>"))
                .addProperty("title", schema("string"))
                .addProperty("status", schema("integer"))
                .addProperty("detail", schema("string"))
                .addProperty("errors", schema("array").items(error))
                .addProperty("error_count", schema("integer"))
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
