package io.marketflow.store.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresFailureClassifierTests {

    private final PostgresFailureClassifier classifier = new PostgresFailureClassifier();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "08000", "08003", "08006", "08001", "08P01", "40001", "40P01", "53300", "55P03", "57014", "57P01",
                "57P02", "57P03"
            })
    void retriesServerStatesThatMeanNotNow(String sqlState) {
        assertThat(classifier.isTransient(new R2dbcException("server said " + sqlState, sqlState) {}))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "22021", "22001", "22003", "22P02", "23505", "23514", "23502", "42P01", "42703", "42601", "21000",
                "28P01", "53100", "54000", "XX000"
            })
    void isolatesServerStatesThatMeanNever(String sqlState) {
        assertThat(classifier.isTransient(new R2dbcException("server said " + sqlState, sqlState) {}))
                .isFalse();
    }

    @Test
    void judgesByTheServerStateNotTheDriverExceptionType() {
        // r2dbc-postgresql maps 57014 to a "non-transient" resource exception and 22xxx to bad grammar.
        assertThat(classifier.isTransient(new R2dbcNonTransientResourceException("canceling statement", "57014")))
                .isTrue();
        assertThat(classifier.isTransient(new R2dbcBadGrammarException("invalid byte sequence", "22021")))
                .isFalse();
        assertThat(classifier.isTransient(new R2dbcRollbackException("serialization failure", "40001")))
                .isTrue();
    }

    @Test
    void retriesConnectionTroubleWithoutAServerAnswer() {
        assertThat(classifier.isTransient(new ConnectException("Connection refused")))
                .isTrue();
        assertThat(classifier.isTransient(new IOException("Connection reset by peer")))
                .isTrue();
        assertThat(classifier.isTransient(new ClosedChannelException())).isTrue();
        assertThat(classifier.isTransient(new TimeoutException("acquire timed out")))
                .isTrue();
        assertThat(classifier.isTransient(new R2dbcTimeoutException("Connection acquisition timed out")))
                .isTrue();
        assertThat(classifier.isTransient(new R2dbcTransientResourceException("request queue full")))
                .isTrue();
        assertThat(classifier.isTransient(new R2dbcNonTransientResourceException(
                        "Cannot exchange messages because the connection is closed")))
                .isTrue();
    }

    @Test
    void walksTheCauseChain() {
        Throwable refused = new R2dbcNonTransientResourceException(
                "Cannot connect to localhost:1", new ConnectException("Connection refused"));
        Throwable blockTimedOut = new IllegalStateException("Timeout on blocking read", new TimeoutException());
        Throwable wrappedViolation = new RuntimeException(
                "write failed", new R2dbcDataIntegrityViolationException("duplicate key", "23505"));

        assertThat(classifier.isTransient(new RuntimeException("wrapped", refused)))
                .isTrue();
        assertThat(classifier.isTransient(blockTimedOut)).isTrue();
        assertThat(classifier.isTransient(wrappedViolation)).isFalse();
    }

    @Test
    void letsAServerStateDeeperInTheChainOutrankAConnectionLookingWrapper() {
        Throwable badPassword = new R2dbcNonTransientResourceException(
                "Cannot connect", new R2dbcPermissionDeniedException("password authentication failed", "28P01"));

        assertThat(classifier.isTransient(badPassword)).isFalse();
    }

    @Test
    void isolatesProgrammingErrors() {
        assertThat(classifier.isTransient(new NullPointerException("symbol"))).isFalse();
        assertThat(classifier.isTransient(new IllegalArgumentException("bad bind")))
                .isFalse();
        assertThat(classifier.isTransient(new R2dbcBadGrammarException("no state")))
                .isFalse();
    }

    @Test
    void stopsAtACycleInTheCauseChain() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalArgumentException second = new IllegalArgumentException("second", first);
        first.initCause(second);

        assertThat(classifier.isTransient(first)).isFalse();
    }
}
