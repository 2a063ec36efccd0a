package com.t3chat.platform.problem;

import com.t3chat.platform.database.DatabaseFailures;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/** Problem+json for every error of a reactive web service, including security's 401 and 403. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class PlatformProblemAutoConfiguration {

    @Bean
    ProblemWriter problemWriter() {
        return new ProblemWriter(JsonMapper.builder().build());
    }

    @Bean
    ProblemExceptionHandler problemExceptionHandler(ProblemWriter problemWriter,
            ObjectProvider<DatabaseFailures> databaseFailures) {
        return new ProblemExceptionHandler(problemWriter, databaseFailures.getIfAvailable());
    }
}
