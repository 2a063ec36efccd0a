import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { FileDropTarget } from "./FileDropTarget";
import { pdf, png } from "./testing";

const files = (...list: File[]) => ({ dataTransfer: { types: ["Files"], files: list, dropEffect: "none" } });

describe("FileDropTarget", () => {
  it("shows the drop overlay while files are dragged over it, also across its children", () => {
    render(<FileDropTarget onFiles={() => {}}><p>chat</p><p>composer</p></FileDropTarget>);
    const target = screen.getByTestId("drop-target");
    const [chat, composer] = screen.getAllByText(/chat|composer/);

    fireEvent.dragEnter(target, files());
    fireEvent.dragEnter(chat, files());
    expect(screen.getByText("Drop files to attach")).toBeTruthy();
    fireEvent.dragLeave(target, files());
    expect(screen.queryByTestId("drop-overlay")).not.toBeNull();
    fireEvent.dragEnter(composer, files());
    fireEvent.dragLeave(chat, files());
    fireEvent.dragLeave(composer, files());
    expect(screen.queryByTestId("drop-overlay")).toBeNull();
  });

  it("attaches the dropped files and hides the overlay", () => {
    const onFiles = vi.fn();
    render(<FileDropTarget onFiles={onFiles}><p>chat</p></FileDropTarget>);
    const target = screen.getByTestId("drop-target");
    const dropped = [pdf("report.pdf"), png("shot.png")];

    fireEvent.dragEnter(target, files());
    const over = fireEvent.dragOver(target, files());
    expect(over).toBe(false); // default prevented: the drop is accepted
    fireEvent.drop(target, files(...dropped));

    expect(onFiles).toHaveBeenCalledWith(dropped);
    expect(screen.queryByTestId("drop-overlay")).toBeNull();
  });

  it("ignores a drag of text, and keeps files dropped elsewhere from being opened by the browser", () => {
    const onFiles = vi.fn();
    render(<><FileDropTarget onFiles={onFiles}><p>chat</p></FileDropTarget><aside data-testid="sidebar">chats</aside></>);
    const text = { dataTransfer: { types: ["text/plain"], files: [] } };
    fireEvent.dragEnter(screen.getByTestId("drop-target"), text);
    expect(fireEvent.dragOver(screen.getByTestId("drop-target"), text)).toBe(true);
    expect(screen.queryByTestId("drop-overlay")).toBeNull();

    expect(fireEvent.drop(screen.getByTestId("sidebar"), files(pdf()))).toBe(false);
    expect(onFiles).not.toHaveBeenCalled();
  });
});
