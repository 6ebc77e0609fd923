package org.latent.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HungarianTest {

    @Test
    void solvesAKnownSquareProblem() {
        double[][] cost = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
        // 1 + 2 + 2 = 5 is the minimum: row 0 -> col 1, row 1 -> col 0, row 2 -> col 2.
        assertArrayEquals(new int[] {1, 0, 2}, Hungarian.minimumCostAssignment(cost));
    }

    @Test
    void matchesBruteForceOnRandomRectangularProblems() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 50; trial++) {
            int rows = 1 + r.nextInt(5), cols = rows + r.nextInt(3);
            double[][] cost = new double[rows][cols];
            for (double[] row : cost) for (int j = 0; j < cols; j++) row[j] = r.nextInt(20) - 5;
            int[] match = Hungarian.minimumCostAssignment(cost);
            double total = 0;
            boolean[] taken = new boolean[cols];
            for (int i = 0; i < rows; i++) {
                total += cost[i][match[i]];
                taken[match[i]] = true;
            }
            int distinct = 0;
            for (boolean t : taken) if (t) distinct++;
            assertEquals(rows, distinct);
            assertEquals(bruteForce(cost, 0, new boolean[cols]), total, 1e-12);
        }
    }

    private static double bruteForce(double[][] cost, int row, boolean[] taken) {
        if (row == cost.length) return 0;
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < taken.length; j++) {
            if (taken[j]) continue;
            taken[j] = true;
            best = Math.min(best, cost[row][j] + bruteForce(cost, row + 1, taken));
            taken[j] = false;
        }
        return best;
    }
}
