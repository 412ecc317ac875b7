package io.shophooks.webhook.capture;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdsTests {

	@Test
	void idsMadeInOneMillisecondStillSortInTheOrderTheyWereMade() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			ids.add(EventIds.next(1_790_000_000_000L));
		}
		assertThat(ids).isSorted().doesNotHaveDuplicates();
		assertThat(ids).allSatisfy(id -> assertThat(id).matches("msg_[0-9A-HJKMNP-TV-Z]{26}"));
	}

	@Test
	void aLaterMillisecondSortsAfterAndAClockGoingBackDoesNotBreakTheOrder() {
		String first = EventIds.next(1_800_000_000_000L);
		String later = EventIds.next(1_800_000_000_001L);
		String backwards = EventIds.next(1_799_999_999_000L);
		assertThat(List.of(first, later, backwards)).isSorted();
	}

}
