package io.marketflow.store;

import io.marketflow.store.lane.Lanes;
import io.marketflow.testkit.RunningStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A store started the way {@code main} starts it, in this JVM, for tests that reach into it: its beans, its
 * coordinators, or a database they stop on purpose. A test that must signal or crash the store, or measure it
 * apart from the load, starts a {@link io.marketflow.testkit.StoreProcess} instead.
 */
public final class InProcessStore implements RunningStore {

    private final ConfigurableApplicationContext context;

    private InProcessStore(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static InProcessStore start(Map<String, String> properties) {
        SpringApplication application = StoreApplication.application();
        application.setRegisterShutdownHook(false);
        List<String> args = new ArrayList<>(RunningStore.arguments(properties));
        args.add("--server.port=0");
        return new InProcessStore(application.run(args.toArray(String[]::new)));
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Override
    public String url() {
        return "http://localhost:" + port();
    }

    @Override
    public long pid() {
        return ProcessHandle.current().pid();
    }

    public Lanes lanes() {
        return context.getBean(Lanes.class);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
