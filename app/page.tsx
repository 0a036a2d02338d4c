import { BoardList } from "@/components/home/BoardList";
import { HomeHeader } from "@/components/home/HomeHeader";
import styles from "./page.module.css";

export default function HomePage() {
  return (
    <main className={styles.page}>
      <HomeHeader />
      <BoardList />
    </main>
  );
}
