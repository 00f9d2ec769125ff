package io.marketflow.contracts;

import static io.marketflow.testkit.RecordCopies.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ViolationsTests {

    private static final Instant TS = Instant.parse("2025-10-15T14:30:00Z");
    private static final Bar BAR = Bar.of("AAPL", "1m", TS, 190.0, 192.0, 189.0, 191.5, 1000);

    @Test
    void reportsACrossFieldRuleUnderTheFieldItIsAbout() {
        ConstraintViolation<Bar> highBelowClose = only(with(BAR, "high", 191.0));
        ConstraintViolation<Bar> lowAboveOpen = only(with(BAR, "low", 190.5));

        assertThat(highBelowClose.getPropertyPath()).hasToString("highValid");
        assertThat(Violations.wireField(highBelowClose)).isEqualTo("high");
        assertThat(Violations.wireField(lowAboveOpen)).isEqualTo("low");
    }

    @Test
    void reportsTheJsonNameRatherThanTheJavaName() {
        assertThat(Violations.wireField(only(with(BAR, "tradeCount", -1L)))).isEqualTo("trade_count");
        assertThat(Violations.wireField(only(with(BAR, "symbol", "")))).isEqualTo("symbol");
    }

    @Test
    void reportsSnakeCaseNamesOfTheOtherItemTypes() {
        OptionSnapshot option = new OptionSnapshot(
                "AAPL", LocalDate.parse("2025-12-19"), 200.0, "C", TS, null, null, null, null, null, null, -1L, null);
        Fundamentals fundamentals = new Fundamentals("AAPL", null, null, null, null, null, null, null);
        FeedbackEvent event = new FeedbackEvent("bars-coord", -1, 10, BackpressureLevel.OK, null, TS, 1);

        assertThat(Violations.wireField(only(option))).isEqualTo("open_interest");
        assertThat(Violations.wireField(only(fundamentals))).isEqualTo("as_of");
        assertThat(Violations.wireField(only(event))).isEqualTo("queue_size");
        assertThat(Violations.wireField(only(with(with(event, "queueSize", 1), "coordinatorId", "bad id"))))
                .isEqualTo("coordinator_id");
    }

    @Test
    void reportsAListElementWithItsIndex() {
        NewsItem news =
                new NewsItem("n1", TS, List.of("AAPL", "MSFT", "NOT A SYMBOL"), "Headline", null, null, null, null);

        assertThat(Violations.wireField(only(news))).isEqualTo("symbols[2]");
        assertThat(Violations.wireField(only(with(news, "symbols", null)))).isEqualTo("symbols");
    }

    /** Violations relies on this naming to find the field a rule written as a method is about. */
    @ParameterizedTest
    @ValueSource(classes = {Bar.class, OptionSnapshot.class, Fundamentals.class, NewsItem.class, FeedbackEvent.class})
    void crossFieldRulesAreNamedForARecordComponent(Class<?> type) {
        Set<String> components = Arrays.stream(type.getRecordComponents())
                .map(RecordComponent::getName)
                .collect(Collectors.toSet());
        for (Method rule : type.getDeclaredMethods()) {
            if (rule.isAnnotationPresent(AssertTrue.class)) {
                assertThat(rule.getName()).matches("is[A-Z]\\w*Valid");
                String field = rule.getName().substring(2, 3).toLowerCase(Locale.ROOT)
                        + rule.getName().substring(3, rule.getName().length() - "Valid".length());
                assertThat(components).as(rule.getName()).contains(field);
            }
        }
    }

    @Test
    void readsJsonNamesOfOtherRecordsAndSnakeCasesPropertiesOfOtherClasses() {
        record OtherRecord(
                @NotNull String someField,
                @JsonProperty("x") @NotNull String renamed) {}
        class OtherBean {
            @NotNull
            String someField;
        }

        Set<String> recordFields = WireValidation.violations(new OtherRecord(null, null)).stream()
                .map(Violations::wireField)
                .collect(Collectors.toSet());

        assertThat(recordFields).containsExactlyInAnyOrder("someField", "x");
        assertThat(Violations.wireField(only(new OtherBean()))).isEqualTo("some_field");
    }

    private static <T> ConstraintViolation<T> only(T item) {
        Set<ConstraintViolation<T>> violations = WireValidation.violations(item);
        assertThat(violations).hasSize(1);
        return violations.iterator().next();
    }
}
