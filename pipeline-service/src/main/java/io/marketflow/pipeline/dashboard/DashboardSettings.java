package io.marketflow.pipeline.dashboard;

import java.net.URI;
import java.util.Objects;

/** What the dashboard needs of the settings: the store whose health it shows ({@code MDP_STORE_URL}). */
public record DashboardSettings(URI storeUrl) {

    public DashboardSettings {
        Objects.requireNonNull(storeUrl, "storeUrl");
    }
}
