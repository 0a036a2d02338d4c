import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: "Stormflow",
  description: "Event storming on a canvas, then prove the design.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
