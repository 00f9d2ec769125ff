package io.marketflow.launcher;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.function.Supplier;

/**
 * Labels each log line of the one-JVM run with the service it belongs to ({@code %service} in
 * {@code logback-spring.xml}), where Spring Boot's own label would not do: Boot sets the logged application
 * name once per JVM, from the first application to start, so every pipeline line would read
 * {@code [store-service]}.
 *
 * <p>A line belongs to a service when its logger is in the service's packages, or else when it is logged by a
 * thread while that thread starts or stops the service ({@link #call}, {@link #run}: Spring's own start-up and shutdown
 * lines). Lines of shared threads (Netty's event loops, Reactor's schedulers) from other loggers carry no
 * label rather than a wrong one.
 */
public final class ServiceLogLabel extends ClassicConverter {

    static final String STORE = "store-service";
    static final String PIPELINE = "pipeline-service";

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    /** Calls {@code action} with this thread's lines labelled {@code service}. */
    static <T> T call(String service, Supplier<T> action) {
        String previous = CURRENT.get();
        CURRENT.set(service);
        try {
            return action.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Runs {@code action} with this thread's lines labelled {@code service}. */
    static void run(String service, Runnable action) {
        call(service, () -> {
            action.run();
            return null;
        });
    }

    /** The service of a line from {@code loggerName}, logged now on this thread; null when unknown. */
    static String serviceOf(String loggerName) {
        if (loggerName != null) {
            if (loggerName.startsWith("io.marketflow.store.")) {
                return STORE;
            }
            if (loggerName.startsWith("io.marketflow.pipeline.")) {
                return PIPELINE;
            }
        }
        return CURRENT.get();
    }

    @Override
    public String convert(ILoggingEvent event) {
        String service = serviceOf(event.getLoggerName());
        return service == null ? "" : "[" + service + "] ";
    }
}
