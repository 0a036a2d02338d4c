import type { Metadata } from "next";
import { BoardPage } from "@/components/board/BoardPage";

export const metadata: Metadata = { title: "Board · Stormflow" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <BoardPage id={id} />;
}
