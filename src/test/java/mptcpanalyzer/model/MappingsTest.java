package mptcpanalyzer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MappingsTest {
    record M(int key, long ssn, int dll, long dsn, int flags, List<Integer> frames) {
        long end() { return (flags & Mappings.F_INFINITE) != 0 ? Long.MAX_VALUE : ssn + dll; }
    }

    /** Random overlapping mappings, repeated announcements: lookups against a brute-force scan. */
    @Test
    void lookupsEqualABruteForceScan() {
        Random r = new Random(7);
        Mappings.Builder b = new Mappings.Builder();
        List<M> all = new ArrayList<>();
        int frame = 1;
        for (int n = 0; n < 3000; n++) {
            M m;
            if (!all.isEmpty() && r.nextInt(3) == 0) {
                m = all.get(all.size() - 1 - r.nextInt(Math.min(all.size(), r.nextBoolean() ? 40 : 2000))); // a repeat
            } else {
                int key = r.nextInt(5);
                long ssn = r.nextInt(100_000) + (r.nextBoolean() ? 0x1_0000_0000L : 0);
                int flags = r.nextInt(50) == 0 ? Mappings.F_INFINITE : 0;
                m = new M(key, ssn, flags != 0 ? 0 : 1 + r.nextInt(3000), r.nextLong(), flags, new ArrayList<>());
                all.add(m);
            }
            m.frames().add(frame);
            b.add(m.key(), m.ssn(), m.dll(), m.dsn(), m.flags(), frame);
            frame += 1 + r.nextInt(3);
        }
        Mappings ms = b.build();
        assertEquals(all.size(), ms.count(), "identical announcements are one mapping");
        int[] hints = new int[ms.hintSlots()];
        for (int q = 0; q < 2000; q++) {
            int key = r.nextInt(6);
            long from = r.nextInt(110_000) + (r.nextBoolean() ? 0x1_0000_0000L : 0);
            long to = from + 1 + r.nextInt(5000);
            List<String> want = new ArrayList<>();
            for (M m : all) {
                if (m.key() == key && m.ssn() < to && m.end() > from) want.add(m.ssn() + ":" + m.dsn() + ":" + m.frames());
            }
            List<String> got = new ArrayList<>();
            for (int id : ms.covering(key >> 1, key & 1, from, to)) {
                List<Integer> fr = new ArrayList<>();
                for (int f : ms.frames(id)) fr.add(f);
                got.add(ms.ssn(id) + ":" + ms.rawDsn(id) + ":" + fr);
                assertEquals(key, ms.key(id));
            }
            want.sort(null);
            got.sort(null);
            assertEquals(want, got, "covering " + key + " [" + from + "," + to + ")");
            // the hinted search (from wherever the last one of a random direction ended) agrees
            int[] plain = new int[64];
            int[] hinted = new int[64];
            int n = ms.coveringInto(key >> 1, key & 1, from, to, plain);
            assertEquals(n, ms.coveringInto(key >> 1, key & 1, from, to, hinted, hints));
            assertArrayEquals(java.util.Arrays.copyOf(plain, Math.min(n, 64)),
                    java.util.Arrays.copyOf(hinted, Math.min(n, 64)), "hinted covering " + key);
        }
        for (M m : all) {
            int[] ids = ms.announcedBy(m.frames().get(0));
            assertEquals(1, ids.length);
            assertEquals(m.dsn(), ms.rawDsn(ids[0]));
            assertEquals(m.frames().get(0).intValue(), ms.firstFrame(ids[0]));
        }
    }

    @Test
    void dataFinIsNotASubflowByte() {
        Mappings.Builder b = new Mappings.Builder();
        b.add(0, 1, 101, 5000, Mappings.F_DATA_FIN, 3);
        Mappings ms = b.build();
        assertEquals(100, ms.subflowLength(0));
        assertArrayEquals(new int[] {0}, ms.covering(0, 0, 100, 101));
        assertArrayEquals(new int[0], ms.covering(0, 0, 101, 102));
        assertArrayEquals(new int[0], ms.covering(0, 1, 1, 2), "other direction");
        assertArrayEquals(new int[0], ms.covering(7, 0, 1, 2), "unknown subflow");
        assertEquals(Arrays.toString(new int[] {3}), Arrays.toString(ms.frames(0)));
    }

    @Test
    void nearestUnwrapsBothWays() {
        assertEquals(0x2_0000_0010L, SeqSpace.nearest(0x1_FFFF_FFF0L, 0x10));
        assertEquals(0x1_FFFF_FFF0L, SeqSpace.nearest(0x2_0000_0010L, 0xFFFF_FFF0L));
        assertEquals(0x7FFF_FFFFL, SeqSpace.nearest(0, 0x7FFF_FFFFL));
        assertEquals(-1L, SeqSpace.nearest(0, 0xFFFF_FFFFL), "just below the reference");
    }
}
