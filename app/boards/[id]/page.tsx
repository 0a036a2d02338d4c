import type { Metadata } from "next";
import { BoardPage } from "@/components/board/BoardPage";
import { DICTIONARIES } from "@/components/i18n/dictionaries";
import { requestLocale } from "@/lib/i18n/requestLocale";

export async function generateMetadata(): Promise<Metadata> {
  return { title: DICTIONARIES[await requestLocale()].board.pageTitle };
}

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <BoardPage id={id} />;
}
