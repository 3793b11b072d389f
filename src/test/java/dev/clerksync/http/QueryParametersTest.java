package dev.clerksync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clerksync.support.StubRequest;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Query parameters are taken as given or refused with a message naming them. */
class QueryParametersTest {

    private static final Pattern USER_ID = Pattern.compile("user_[A-Za-z0-9]+");

    @Test
    void absentLimitIsTheFallback() {
        assertEquals(50, parameters(StubRequest.with()).limit(50, 500));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "250", "500"})
    void limitFromOneToTheMaximumIsTaken(String limit) {
        assertEquals(Integer.parseInt(limit), parameters(StubRequest.with().parameter("limit", limit)).limit(50, 500));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "501", "ten", "", "1.5", " 5", "99999999999"})
    void anyOtherLimitIsRefusedNamingTheRange(String limit) {
        QueryParameters parameters = parameters(StubRequest.with().parameter("limit", limit));

        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> parameters.limit(50, 500));

        assertEquals("limit must be a whole number from 1 to 500", e.getMessage());
    }

    @Test
    void valueAmongTheAllowedOnesIsTaken() {
        assertEquals(Optional.of("failed"), parameters(StubRequest.with().parameter("outcome", "failed"))
                .oneOf("outcome", Set.of("failed")));
    }

    @Test
    void absentChoiceIsEmpty() {
        assertEquals(Optional.empty(), parameters(StubRequest.with()).oneOf("outcome", Set.of("failed")));
    }

    @Test
    void valueOutsideTheAllowedOnesIsRefusedNamingTheParameter() {
        QueryParameters parameters = parameters(StubRequest.with().parameter("outcome", "FAILED"));

        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> parameters.oneOf("outcome", Set.of("failed")));

        assertEquals("outcome must be one of [failed]", e.getMessage());
    }

    @Test
    void valueMatchingThePatternIsTaken() {
        assertEquals(Optional.of("user_2abc"), parameters(StubRequest.with().parameter("userId", "user_2abc"))
                .matching("userId", USER_ID));
    }

    @Test
    void absentPatternedValueIsEmpty() {
        assertEquals(Optional.empty(), parameters(StubRequest.with()).matching("userId", USER_ID));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "user_", "user_2abc' or 1=1", "xuser_2abc"})
    void valueMatchingOnlyPartOfThePatternIsRefused(String userId) {
        QueryParameters parameters = parameters(StubRequest.with().parameter("userId", userId));

        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> parameters.matching("userId", USER_ID));

        assertEquals("userId is malformed", e.getMessage());
    }

    private static QueryParameters parameters(StubRequest request) {
        return new QueryParameters(request.build());
    }
}
