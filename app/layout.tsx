import type { Metadata } from "next";
import { LocaleProvider } from "@/components/i18n/LocaleProvider";
import { DICTIONARIES } from "@/components/i18n/dictionaries";
import { requestLocale } from "@/lib/i18n/requestLocale";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const { home } = DICTIONARIES[await requestLocale()];
  return { title: home.title, description: home.tagline };
}

// The language is negotiated here, on the server, so the first HTML is already in it: no flash of
// English and no hydration mismatch; <html lang> follows (screen readers, fonts, hyphenation).
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await requestLocale();
  return (
    <html lang={locale}>
      <body>
        <LocaleProvider initial={locale}>{children}</LocaleProvider>
      </body>
    </html>
  );
}
