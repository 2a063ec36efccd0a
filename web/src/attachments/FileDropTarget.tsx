import { useEffect, useRef, useState, type DragEvent, type ReactNode } from "react";
import { PaperclipIcon } from "../ui/icons";

function carriesFiles(event: { dataTransfer: DataTransfer | null }): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes("Files");
}

/**
 * Files dropped anywhere on `children` are attached (`onFiles`); while files are dragged over it, an overlay says
 * so. Files dropped elsewhere on the page are ignored rather than opened by the browser (which would leave the app
 * and lose the draft).
 */
export function FileDropTarget({ onFiles, children, className = "" }: { onFiles: (files: File[]) => void; children: ReactNode; className?: string }) {
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child the pointer crosses: count them
  const depth = useRef(0);

  useEffect(() => {
    const refuse = (event: globalThis.DragEvent) => {
      if (event.defaultPrevented || !carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = "none";
    };
    window.addEventListener("dragover", refuse);
    window.addEventListener("drop", refuse);
    return () => {
      window.removeEventListener("dragover", refuse);
      window.removeEventListener("drop", refuse);
    };
  }, []);

  const onDragEnter = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth.current += 1;
    setOver(true);
  };
  const onDragOver = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  };
  const onDragLeave = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setOver(false);
  };
  const onDrop = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth.current = 0;
    setOver(false);
    const files = Array.from(event.dataTransfer.files);
    if (files.length > 0) onFiles(files);
  };

  return (
    <div className={`relative ${className}`} data-testid="drop-target"
      onDragEnter={onDragEnter} onDragOver={onDragOver} onDragLeave={onDragLeave} onDrop={onDrop}>
      {children}
      {over && (
        <div data-testid="drop-overlay" className="pointer-events-none absolute inset-2 z-30 flex flex-col items-center justify-center gap-2 rounded-2xl border-2 border-dashed border-accent bg-white/85 text-center backdrop-blur-sm dark:bg-neutral-950/85">
          <span className="flex h-12 w-12 items-center justify-center rounded-full bg-accent-soft text-accent dark:bg-neutral-800 dark:text-pink-300">
            <PaperclipIcon />
          </span>
          <p className="text-lg font-semibold">Drop files to attach</p>
          <p className="text-sm text-neutral-600 dark:text-neutral-400">PDFs, images, Word documents, text and code</p>
        </div>
      )}
    </div>
  );
}
