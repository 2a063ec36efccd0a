/** Inline SVG icons (no icon font, no third-party origin). 16px, currentColor. */
import type { SVGProps } from "react";

export function Icon({ d, ...props }: SVGProps<SVGSVGElement> & { d: string }) {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="2"
      strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" {...props}>
      <path d={d} />
    </svg>
  );
}

export const PlusIcon = () => <Icon d="M12 5v14M5 12h14" />;
export const SearchIcon = () => <Icon d="M11 19a8 8 0 1 1 0-16 8 8 0 0 1 0 16zM21 21l-4.3-4.3" />;
export const SendIcon = () => <Icon d="M5 12h14M13 6l6 6-6 6" />;
export const StopIcon = () => <Icon d="M7 7h10v10H7z" />;
export const CopyIcon = () => <Icon d="M9 9h11v11H9zM5 15H4V4h11v1" />;
export const CheckIcon = () => <Icon d="M5 12l5 5L20 7" />;
export const PinIcon = () => <Icon d="M12 17v5M9 3h6l-1 7 4 3H6l4-3z" />;
export const TrashIcon = () => <Icon d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />;
export const EditIcon = () => <Icon d="M4 20h4L19 9l-4-4L4 16zM14 6l4 4" />;
export const RetryIcon = () => <Icon d="M4 12a8 8 0 0 1 14-5.3M20 4v5h-5M20 12a8 8 0 0 1-14 5.3M4 20v-5h5" />;
export const BranchIcon = () => <Icon d="M6 3v12M18 9a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM6 21a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM18 9a9 9 0 0 1-9 9" />;
export const ShareIcon = () => <Icon d="M4 12v7h16v-7M12 3v12M7 8l5-5 5 5" />;
export const MenuIcon = () => <Icon d="M4 6h16M4 12h16M4 18h16" />;
export const MoreIcon = () => <Icon d="M5 12h.01M12 12h.01M19 12h.01" />;
export const ChevronLeftIcon = () => <Icon d="M15 18l-6-6 6-6" />;
export const ChevronRightIcon = () => <Icon d="M9 18l6-6-6-6" />;
export const ChevronDownIcon = () => <Icon d="M6 9l6 6 6-6" />;
export const SettingsIcon = () => <Icon d="M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" />;
export const CloseIcon = () => <Icon d="M6 6l12 12M18 6L6 18" />;
export const ArchiveIcon = () => <Icon d="M3 4h18v4H3zM5 8v12h14V8M10 12h4" />;
export const LinkIcon = () => <Icon d="M10 14a5 5 0 0 0 7 0l3-3a5 5 0 0 0-7-7l-1 1M14 10a5 5 0 0 0-7 0l-3 3a5 5 0 0 0 7 7l1-1" />;
export const SunIcon = () => (
  <Icon d="M12 17a5 5 0 1 0 0-10 5 5 0 0 0 0 10zM12 1v2M12 21v2M4.2 4.2l1.4 1.4M18.4 18.4l1.4 1.4M1 12h2M21 12h2M4.2 19.8l1.4-1.4M18.4 5.6l1.4-1.4" />
);
export const MoonIcon = () => <Icon d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z" />;
export const MonitorIcon = () => <Icon d="M3 4h18v12H3zM8 20h8M12 16v4" />;
export const SlidersIcon = () => (
  <Icon d="M4 21v-7M4 10V3M12 21v-9M12 8V3M20 21v-5M20 12V3M1 14h6M9 8h6M17 16h6" />
);
export const KeyIcon = () => (
  <Icon d="M15.5 7.5l3 3L22 7l-3-3M21 2l-9.6 9.6M7.5 21a5.5 5.5 0 1 0 0-11 5.5 5.5 0 0 0 0 11z" />
);
export const ChartIcon = () => <Icon d="M3 3v18h18M8 17v-6M13 17V7M18 17v-4" />;
export const EyeIcon = () => <Icon d="M1 12s4-8 11-8 11 8 11 8-4 8-11 8-11-8-11-8zM12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z" />;
export const EyeOffIcon = () => (
  <Icon d="M17.9 17.9A10 10 0 0 1 12 20c-7 0-11-8-11-8a18 18 0 0 1 5.1-5.9M9.9 4.2A9 9 0 0 1 12 4c7 0 11 8 11 8a18 18 0 0 1-2.2 3.2M14.1 14.1a3 3 0 1 1-4.2-4.2M1 1l22 22" />
);
export const AlertIcon = () => <Icon d="M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM12 8v4M12 16h.01" />;
export const Spinner = () => <Icon d="M21 12a9 9 0 1 1-6.2-8.6" className="animate-spin" />;
export const PaperclipIcon = () => (
  <Icon d="M21.4 11.1l-9.2 9.2a6 6 0 0 1-8.5-8.5l9.2-9.2a4 4 0 0 1 5.7 5.7l-9.2 9.2a2 2 0 0 1-2.8-2.8l8.5-8.5" />
);
export const FileIcon = () => <Icon d="M14 3H6v18h12V7zM14 3v4h4M9 13h6M9 17h6" />;
export const DownloadIcon = () => <Icon d="M12 3v12M7 10l5 5 5-5M4 19h16" />;
export const FilesIcon = () => <Icon d="M15 2H8v14h11V6zM15 2v4h4M5 6v16h11" />;
