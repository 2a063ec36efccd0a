import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { BranchNavigator } from "./BranchNavigator";
import { versionsOf } from "./branch";
import type { Message } from "../api/types";

describe("BranchNavigator", () => {
  it("shows the position and moves to the neighbouring versions", async () => {
    const onSelect = vi.fn();
    render(<BranchNavigator index={1} count={3} onSelect={onSelect} />);
    expect(screen.getByTestId("version-position").textContent).toBe("2/3");
    await userEvent.click(screen.getByRole("button", { name: "Next version" }));
    await userEvent.click(screen.getByRole("button", { name: "Previous version" }));
    expect(onSelect.mock.calls).toEqual([[2], [0]]);
  });

  it("cannot go before the first or after the last version", () => {
    const { rerender } = render(<BranchNavigator index={0} count={2} onSelect={() => {}} />);
    expect(screen.getByRole("button", { name: "Previous version" })).toHaveProperty("disabled", true);
    expect(screen.getByRole("button", { name: "Next version" })).toHaveProperty("disabled", false);
    rerender(<BranchNavigator index={1} count={2} onSelect={() => {}} />);
    expect(screen.getByRole("button", { name: "Next version" })).toHaveProperty("disabled", true);
  });

  it("is not shown for a message with one version, and is inert while disabled", () => {
    const { container, rerender } = render(<BranchNavigator index={0} count={1} onSelect={() => {}} />);
    expect(container.innerHTML).toBe("");
    rerender(<BranchNavigator index={1} count={3} onSelect={() => {}} disabled />);
    expect(screen.getAllByRole("button").every((b) => (b as HTMLButtonElement).disabled)).toBe(true);
  });

  it("moves between the versions a page of the branch names (siblingIds, oldest first)", async () => {
    const message = { id: "b", versionIndex: 1, versionCount: 3, siblingIds: ["a", "b", "c"] } as Message;
    const versions = versionsOf(message);
    const chosen: string[] = [];
    render(<BranchNavigator index={versions.index} count={versions.count} onSelect={(i) => chosen.push(versions.ids[i])} />);
    expect(screen.getByTestId("version-position").textContent).toBe("2/3");
    await userEvent.click(screen.getByRole("button", { name: "Previous version" }));
    await userEvent.click(screen.getByRole("button", { name: "Next version" }));
    expect(chosen).toEqual(["a", "c"]);
  });
});
