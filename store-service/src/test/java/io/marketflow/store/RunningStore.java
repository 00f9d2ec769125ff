package io.marketflow.store;

import io.marketflow.store.lane.Lanes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A store started the way {@code main} starts it, for tests that stop it or its database on purpose. */
public final class RunningStore implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private RunningStore(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static RunningStore start(Map<String, String> properties) {
        SpringApplication application = StoreApplication.application();
        application.setRegisterShutdownHook(false);
        List<String> args = new ArrayList<>();
        args.add("--server.port=0");
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        return new RunningStore(application.run(args.toArray(String[]::new)));
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public String url() {
        return "http://localhost:" + port();
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
