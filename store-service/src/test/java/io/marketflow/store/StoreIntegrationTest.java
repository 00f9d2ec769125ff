package io.marketflow.store;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

/**
 * The whole store on a random port, configured as {@code main} configures it, with a {@code WebTestClient} bound
 * to it. The class still says which database it uses, with a {@code @DynamicPropertySource} that calls
 * {@link StoreTestDatabase}. Inherited, so that {@link EmbeddedStoreTest}'s subclasses are such tests too.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + StoreApplication.CONFIG_NAME)
@AutoConfigureWebTestClient
public @interface StoreIntegrationTest {}
