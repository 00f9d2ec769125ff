package io.marketflow.pipeline.status;

import io.marketflow.pipeline.feedback.CoordinatorSnapshot;
import io.marketflow.pipeline.feedback.FeedbackSnapshot;
import io.marketflow.pipeline.metrics.PipelineMetrics;
import io.marketflow.pipeline.ratelimit.ProviderSnapshot;
import io.marketflow.pipeline.router.DeadLetterFiles;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /rates}: per provider its base rate, scale, effective rate, pressure level and the bars parked
 * as refused since start ({@code dead_lettered}); per coordinator the level, drain rate and queueing delay it
 * reported and the age of its last feedback; under the {@code pace} policy the paced total, the capacity it
 * follows and the target delay; {@code dead_letters}: what the pipeline's dead-letter files hold now. Feedback
 * is global, so the coordinators apply to every provider alike.
 */
@RestController
record RatesController(PipelineStatus status, DeadLetterFiles deadLetters, PipelineMetrics metrics) {

    @GetMapping("/rates")
    Map<String, Object> rates() {
        Map<String, Object> providers = new LinkedHashMap<>();
        status.providers().forEach(p -> {
            Map<String, Object> entry = provider(p);
            entry.put("dead_lettered", metrics.deadLetteredCount(p.provider()));
            providers.put(p.provider(), entry);
        });
        FeedbackSnapshot feedback = status.feedback();
        Map<String, Object> coordinators = new LinkedHashMap<>();
        feedback.coordinators().forEach(c -> coordinators.put(c.coordinatorId(), coordinator(c)));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("enabled", feedback.enabled());
        summary.put("policy", feedback.policy());
        summary.put("pressure_level", feedback.level().wireName());
        summary.put("scale", feedback.scale());
        summary.put("stale_after_seconds", status.settings().staleAfterSeconds());
        summary.put("stale_fallback", status.settings().staleFallback().wireName());
        FeedbackSnapshot.Pacing pacing = feedback.pacing();
        if (pacing != null) {
            summary.put("paced_rate", round(pacing.pacedRate()));
            summary.put("capacity", pacing.capacity() == null ? null : round(pacing.capacity()));
            summary.put("capacity_coordinator", pacing.constrainedBy());
            summary.put("target_delay_seconds", pacing.targetDelaySeconds());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("providers", providers);
        body.put("coordinators", coordinators);
        body.put("feedback", summary);
        body.put("dead_letters", deadLetters.describe());
        return body;
    }

    private static Map<String, Object> provider(ProviderSnapshot p) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("base_rate", p.baseRate());
        entry.put("scale", p.scale());
        entry.put("effective_rate", p.effectiveRate());
        entry.put("pressure_level", p.pressure().wireName());
        entry.put("capacity", p.capacity());
        entry.put("tokens", Math.floor(p.tokens() * 1000) / 1000);
        entry.put("breaker", p.breaker().name().toLowerCase(Locale.ROOT));
        entry.put("consecutive_failures", p.consecutiveFailures());
        entry.put("cooldown_remaining_seconds", p.cooldownRemaining().toMillis() / 1000.0);
        entry.put("waiting", p.waiting());
        return entry;
    }

    private static double round(double rate) {
        return Math.round(rate * 1000) / 1000.0;
    }

    private static Map<String, Object> coordinator(CoordinatorSnapshot c) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("level", c.level().wireName());
        entry.put("effective_level", c.effectiveLevel().wireName());
        entry.put("age_seconds", c.age().toMillis() / 1000.0);
        entry.put("expired", c.expired());
        entry.put("seq", c.seq());
        entry.put("queue_size", c.queueSize());
        entry.put("capacity", c.capacity());
        entry.put("drain_rate", c.drainRate());
        entry.put("queue_delay_ms", c.queueDelayMs());
        entry.put("ts", c.ts());
        return entry;
    }
}
