package io.marketflow.store.web;

import org.springframework.test.web.reactive.server.MockServerConfigurer;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

/** Test wiring of the problem renderer for errors raised outside controllers. */
public final class ProblemRendering {

    /** Puts the problem renderer first, as its order does in the application. */
    public static final MockServerConfigurer FIRST = new MockServerConfigurer() {
        @Override
        public void beforeServerCreated(WebHttpHandlerBuilder builder) {
            builder.exceptionHandlers(handlers -> handlers.add(0, new ProblemHandlingWebExceptionHandler()));
        }
    };

    private ProblemRendering() {}
}
