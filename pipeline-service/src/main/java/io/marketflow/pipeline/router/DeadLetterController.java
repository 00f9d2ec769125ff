package io.marketflow.pipeline.router;

import io.marketflow.pipeline.web.Problems;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The pipeline's dead-letter files for an operator: {@code GET /admin/dlq} (records and bars parked, where) and
 * {@code POST /admin/dlq/replay?max=N} (1-10000, default 100: re-sends up to N records to the store, oldest
 * first, deleting each once the store has accepted it), as the store's own {@code /admin/dlq} does.
 */
@RestController
record DeadLetterController(DeadLetterFiles files, DeadLetterReplay replay) {

    static final int MAX_REPLAY = 10_000;

    @GetMapping("/admin/dlq")
    Mono<Map<String, Object>> summary() {
        return Mono.fromCallable(files::describe).subscribeOn(Schedulers.boundedElastic());
    }

    @PostMapping("/admin/dlq/replay")
    Mono<Map<String, Object>> replay(@RequestParam(name = "max", required = false) String max) {
        int records = parseMax(max);
        return replay.replay(records).map(result -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("replayed_records", result.replayedRecords());
            body.put("replayed_items", result.replayedItems());
            body.put("refused_records", result.refusedRecords());
            body.put("remaining_records", result.remainingRecords());
            body.put("remaining_items", result.remainingItems());
            body.put("stopped_by", result.stoppedBy());
            return body;
        });
    }

    private static int parseMax(String max) {
        if (max == null || max.isBlank()) {
            return 100;
        }
        try {
            int value = Integer.parseInt(max.strip());
            if (value >= 1 && value <= MAX_REPLAY) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidMax();
    }

    /** {@code max} is not a whole number in 1..10000. */
    static final class InvalidMax extends RuntimeException {
        InvalidMax() {
            super("max must be a whole number from 1 to " + MAX_REPLAY, null, false, false);
        }
    }

    @ExceptionHandler(InvalidMax.class)
    ProblemDetail invalidMax(InvalidMax e) {
        return Problems.badRequest(
                "invalid-parameter",
                "Invalid parameter",
                "invalid parameter: max",
                List.of(Map.of("field", "max", "message", e.getMessage())));
    }

    @ExceptionHandler(DeadLetterReplay.AlreadyRunning.class)
    ProblemDetail alreadyRunning(DeadLetterReplay.AlreadyRunning e) {
        return Problems.problem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage());
    }
}
