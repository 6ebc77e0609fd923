package org.latent.eval;

import java.util.Arrays;

/**
 * The assignment problem (commons-math3 has no solver for it): for a cost matrix with no more rows
 * than columns, the column of each row, all distinct, that minimizes the total cost. Shortest
 * augmenting paths with row and column potentials, O(rows^2 * cols).
 */
public final class Hungarian {
    private Hungarian() {}

    /** column[r] for each row r of {@code cost} [rows][cols], rows <= cols. */
    public static int[] minimumCostAssignment(double[][] cost) {
        int rows = cost.length, cols = rows == 0 ? 0 : cost[0].length;
        if (rows > cols) throw new IllegalArgumentException("Hungarian: " + rows + " rows but only " + cols + " columns");
        for (double[] row : cost) {
            if (row.length != cols) throw new IllegalArgumentException("Hungarian: rows of different lengths");
        }
        // 1-based below: column 0 is a virtual column where each new row's augmenting path starts.
        double[] rowPotential = new double[rows + 1], colPotential = new double[cols + 1];
        int[] rowOfCol = new int[cols + 1], previousCol = new int[cols + 1];
        double[] slack = new double[cols + 1];
        boolean[] visited = new boolean[cols + 1];
        for (int r = 1; r <= rows; r++) {
            rowOfCol[0] = r;
            int col = 0;
            Arrays.fill(slack, Double.POSITIVE_INFINITY);
            Arrays.fill(visited, false);
            while (rowOfCol[col] != 0) {
                visited[col] = true;
                int row = rowOfCol[col], next = 0;
                double delta = Double.POSITIVE_INFINITY;
                for (int j = 1; j <= cols; j++) {
                    if (visited[j]) continue;
                    double reduced = cost[row - 1][j - 1] - rowPotential[row] - colPotential[j];
                    if (reduced < slack[j]) {
                        slack[j] = reduced;
                        previousCol[j] = col;
                    }
                    if (slack[j] < delta) {
                        delta = slack[j];
                        next = j;
                    }
                }
                for (int j = 0; j <= cols; j++) {
                    if (visited[j]) {
                        rowPotential[rowOfCol[j]] += delta;
                        colPotential[j] -= delta;
                    } else {
                        slack[j] -= delta;
                    }
                }
                col = next;
            }
            while (col != 0) {
                int prev = previousCol[col];
                rowOfCol[col] = rowOfCol[prev];
                col = prev;
            }
        }
        int[] colOfRow = new int[rows];
        for (int j = 1; j <= cols; j++) if (rowOfCol[j] != 0) colOfRow[rowOfCol[j] - 1] = j - 1;
        return colOfRow;
    }
}
